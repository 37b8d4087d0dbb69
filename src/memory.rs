//! Keeping a long-running bot's resident memory flat on glibc.
//!
//! glibc's malloc raises its mmap threshold each time a large block it had
//! mapped is freed, and its trim threshold with it (to twice that). Rebuilding
//! the index allocates and frees blocks of megabytes (tantivy's indexing hash
//! table and arena pages, in tantivy's own threads), so after the first rebuild
//! such blocks come from the thread arenas instead and stay resident once
//! freed: the soak measured about 10 MiB more per `/reindex`, never returned
//! (`cargo bench --bench soak`; see the README). Fixing the thresholds keeps
//! large blocks mapped and returned when freed, and trimming after a rebuild
//! hands back the free pages the rebuild left in every arena.
//!
//! The price is throughput: with the threshold fixed, glibc also trims small
//! amounts more often, and the soak answered about 8 % fewer questions per
//! second. A bot that runs for weeks is worth more flat than fast.
//!
//! Both are no-ops on other platforms and allocators.

/// Fixes glibc's mmap threshold at its default (128 KiB), which turns off the
/// dynamic raising described above. Call once, at start.
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
    /// glibc's default `M_MMAP_THRESHOLD`: setting it explicitly stops the dynamic adjustment.
    const MMAP_THRESHOLD: libc::c_int = 128 * 1024;

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
