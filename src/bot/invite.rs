//! `dealbot invite`: the `OAuth2` URL that adds the bot to a server with exactly
//! the scopes and permissions it uses.

use anyhow::Context as _;
use serenity::all::{ApplicationId, Permissions};

use crate::config::{Config, Token};

/// What the bot needs in a channel: see it, read the replied-to message, answer
/// with an embed and the figures chart, and do so in threads too.
pub const PERMISSIONS: Permissions = Permissions::VIEW_CHANNEL
    .union(Permissions::SEND_MESSAGES)
    .union(Permissions::EMBED_LINKS)
    .union(Permissions::ATTACH_FILES)
    .union(Permissions::READ_MESSAGE_HISTORY)
    .union(Permissions::SEND_MESSAGES_IN_THREADS);

/// The invite URL for `application_id`, with the scopes `bot` and `applications.commands`.
pub fn url(application_id: ApplicationId) -> String {
    format!(
        "https://discord.com/oauth2/authorize?client_id={application_id}&scope=bot+applications.commands&permissions={}",
        PERMISSIONS.bits()
    )
}

/// Asks Discord (or `discord.proxy`) for the application id behind `token`.
pub async fn application_id(config: &Config, token: &Token) -> anyhow::Result<ApplicationId> {
    let http = super::http(config, token);
    let info = http
        .get_current_application_info()
        .await
        .context("cannot fetch the application id (is DISCORD_TOKEN right?)")?;
    Ok(info.id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_invite_asks_for_exactly_the_permissions_the_bot_uses() {
        // 1024 + 2048 + 16384 + 32768 + 65536 + 2^38
        assert_eq!(PERMISSIONS.bits(), 274_878_024_704);
        let url = url(ApplicationId::new(42));
        assert_eq!(
            url,
            "https://discord.com/oauth2/authorize?client_id=42&scope=bot+applications.commands&permissions=274878024704"
        );
    }
}
