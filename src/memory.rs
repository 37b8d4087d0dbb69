//! Keeping a long-running bot's resident memory flat on glibc.
//!
//! glibc's malloc raises its mmap threshold each time a large block it had
//! mapped is freed, and its trim threshold with it (to twice that). Rebuilding
//! the index allocates and frees blocks of megabytes (tantivy's indexing hash
//! table and arena pages, in tantivy's own threads), so after the first rebuild
//! such blocks come from the thread arenas instead and stay resident once
//! freed: the soak measured about 10 MiB more per `/reindex`, never returned
//! (`cargo bench --bench soak`; see docs/BENCHMARKS.md). Fixing the threshold keeps
//! large blocks mapped and returned when freed, and trimming after a rebuild
//! hands back the free pages the rebuild left in every arena.
//!
//! The threshold is 512 KiB, not glibc's 128 KiB default: answering a question
//! allocates blocks between 256 and 512 KiB, and mapping each of them made
//! `dealbot ask` 60 % slower over a batch (10,000 questions: 0.80 s against
//! 0.51 s; at 512 KiB, 0.51 s).
//!
//! Both are no-ops on other platforms and allocators.

/// Fixes glibc's mmap threshold (at 512 KiB), which turns off the dynamic
/// raising described above. Call once, at start.
pub fn tune() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    glibc::fix_mmap_threshold();
}

/// Returns the free memory of every malloc arena to the system: called after an
/// index rebuild, which frees many megabytes at once.
pub fn release() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    glibc::trim();
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[expect(unsafe_code, reason = "glibc's malloc tunables have no safe binding")]
mod glibc {
    /// Above the blocks an answer allocates, below those of an index build.
    /// Setting it at all stops glibc's dynamic adjustment.
    const MMAP_THRESHOLD: libc::c_int = 512 * 1024;

    pub fn fix_mmap_threshold() {
        // SAFETY: mallopt only sets allocator parameters; it takes glibc's arena
        // locks itself and is safe to call at any time, from any thread.
        let ok = unsafe { libc::mallopt(libc::M_MMAP_THRESHOLD, MMAP_THRESHOLD) };
        if ok != 1 {
            tracing::debug!("mallopt(M_MMAP_THRESHOLD) was refused");
        }
    }

    pub fn trim() {
        // SAFETY: malloc_trim only returns free pages to the system; it takes
        // each arena's lock and is safe to call at any time, from any thread.
        unsafe { libc::malloc_trim(0) };
    }
}
