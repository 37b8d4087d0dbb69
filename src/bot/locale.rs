//! The bot's own words, in the two languages it speaks. Answers come from the
//! engine in the question's language; everything around them (titles, buttons,
//! notices) follows the interaction's locale: `it…` → Italian, anything else → English.

use crate::engine::Lang;

/// The language to reply in for a Discord locale such as `it`, `en-US` or `pt-BR`.
pub fn lang(locale: Option<&str>) -> Lang {
    match locale {
        Some(l) if l.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("it")) => Lang::It,
        _ => Lang::En,
    }
}

/// Every fixed phrase the bot sends, in one language.
#[derive(Debug)]
pub struct Phrases {
    pub more_passages: &'static str,
    pub post_publicly: &'static str,
    pub no_more_passages: &'static str,
    pub expired: &'static str,
    pub internal_error: &'static str,
    /// Followed by the seconds left.
    pub cooldown: &'static str,
    pub empty_question: &'static str,
    pub empty_message: &'static str,
    /// A reply to the bot that arrived without its text (no ping, no `MESSAGE_CONTENT`).
    pub unreadable_reply: &'static str,
    pub refusal_hint: &'static str,
    pub index_built: &'static str,
    pub figures_title: &'static str,
    pub no_usd_figures: &'static str,
    /// Followed by how many figures did not fit.
    pub more_figures: &'static str,
    /// The button under an article's key figures that shows the rest.
    pub more_figures_button: &'static str,
    /// Followed by how many figures did not fit in the all-articles reply.
    pub more_by_article: &'static str,
    /// Followed by how many articles did not fit in `/sources`.
    pub more_articles: &'static str,
    /// Followed by the name typed.
    pub no_such_article: &'static str,
    pub known_articles: &'static str,
    /// Followed by the article's name.
    pub no_figures_in: &'static str,
    /// Followed by the name typed.
    pub no_such_figure: &'static str,
    pub known_figures: &'static str,
    pub sources_title: &'static str,
    pub passages: &'static str,
    pub figures: &'static str,
    pub help_title: &'static str,
    pub help: &'static str,
    pub reindex_denied: &'static str,
    pub reindex_guild_only: &'static str,
    /// Followed by passages, figures and the build time.
    pub reindexed: &'static str,
    pub skipped: &'static str,
    /// `/reindex` when a seed file is broken: the previous index keeps serving.
    pub reindex_kept: &'static str,
    /// The title of the post that announces a newly indexed article.
    pub new_article: &'static str,
    pub date: &'static str,
    pub source: &'static str,
    pub language: &'static str,
    /// `/add` and `/remove` asked by a member who may not change the articles.
    pub articles_denied: &'static str,
    pub add_usage: &'static str,
    /// The title of `/add`'s preview.
    pub preview: &'static str,
    pub confirm_add: &'static str,
    pub cancel_add: &'static str,
    pub add_cancelled: &'static str,
    /// A click on a preview's button by someone else than who asked.
    pub not_your_preview: &'static str,
    /// Followed by the file written.
    pub added: &'static str,
    /// Followed by the article's name.
    pub removed: &'static str,
    /// The index could not be rebuilt after the change.
    pub not_indexed: &'static str,
}

pub const EN: Phrases = Phrases {
    more_passages: "More passages",
    post_publicly: "Post publicly",
    no_more_passages: "No other passages answer this question.",
    expired: "This button has expired: ask the question again.",
    internal_error: "Something went wrong on my side; it has been logged. Please try again later.",
    cooldown: "Slow down a little: you can ask again in",
    empty_question: "Ask me about the story, in Italian or English: for example \"How much is the Amazon–OpenAI deal worth?\". `/help` lists what I can do.",
    empty_message: "That message has no text I can read.",
    unreadable_reply: "I cannot read replies that do not ping me: reply with the @ mention on, or mention me.",
    refusal_hint: "Try `/figures` for the key figures, `/sources` for the articles, or `/help`.",
    index_built: "index built",
    figures_title: "Key figures",
    new_article: "New article",
    date: "Date",
    source: "Source",
    language: "Language",
    articles_denied: "Only members with the Manage Server permission (or the role the bot's config names) can add or remove articles.",
    add_usage: "Give the article as a link (`url:`) or as a file (`file:`, .txt, .md or .html), one of the two.",
    preview: "Preview",
    confirm_add: "Add it",
    cancel_add: "Cancel",
    add_cancelled: "Cancelled: nothing was added.",
    not_your_preview: "Only who asked for this preview can confirm or cancel it.",
    added: "Added and indexed as",
    removed: "Removed (its file is in removed/ beside seeds/):",
    not_indexed: "The file was changed, but the index could not be rebuilt; the previous one keeps serving (see the bot's log).",
    no_usd_figures: "No amounts in US dollars to chart.",
    more_figures: "more: use /figure",
    more_figures_button: "More figures",
    more_by_article: "more: see one article with /figures article:",
    more_articles: "more articles",
    no_such_article: "No article matches",
    known_articles: "The articles I know",
    no_figures_in: "No key figures in",
    no_such_figure: "No figure matches",
    known_figures: "The figures I know",
    sources_title: "Sources",
    passages: "passages",
    figures: "figures",
    help_title: "dealbot",
    help: "I answer questions about the Amazon–OpenAI deal story, in Italian or English, quoting the sentence each answer comes from — or I say that the articles do not cover it.\n\n\
           **Ask** by mentioning me, in a DM, or by replying to one of my messages.\n\
           `/ask` — ask a question (add `private` to see the answer alone first)\n\
           `/figures` — the key figures of every article, with a chart (`article:` for one)\n\
           `/figure` — one figure and its sentence\n\
           `/sources` — the articles I quote, with date and language\n\
           **Ask about this message** — in a message's Apps menu\n\
           `/reindex` — rebuild the index (Manage Server)",
    reindex_denied: "Only members with the Manage Server permission can rebuild the index.",
    reindex_guild_only: "Rebuilding the index is done from a server, not a DM.",
    reindexed: "Index rebuilt",
    skipped: "skipped",
    reindex_kept: "Index not replaced: these files have errors, the previous index keeps serving",
};

pub const IT: Phrases = Phrases {
    more_passages: "Altri passaggi",
    post_publicly: "Pubblica nel canale",
    no_more_passages: "Nessun altro passaggio risponde a questa domanda.",
    expired: "Questo pulsante è scaduto: fai di nuovo la domanda.",
    internal_error: "Qualcosa è andato storto da parte mia; l'errore è stato registrato. Riprova più tardi.",
    cooldown: "Un attimo di pazienza: puoi chiedere di nuovo tra",
    empty_question: "Chiedimi della notizia, in italiano o in inglese: per esempio \"Quanto vale l'accordo tra Amazon e OpenAI?\". `/aiuto` elenca cosa so fare.",
    empty_message: "Quel messaggio non ha testo che io possa leggere.",
    unreadable_reply: "Non posso leggere le risposte che non mi menzionano: rispondi lasciando attiva la menzione @, oppure menzionami.",
    refusal_hint: "Prova `/cifre` per le cifre chiave, `/fonti` per gli articoli, o `/aiuto`.",
    index_built: "indice del",
    figures_title: "Cifre chiave",
    new_article: "Nuovo articolo",
    date: "Data",
    source: "Fonte",
    language: "Lingua",
    articles_denied: "Solo chi ha il permesso Gestisci server (o il ruolo indicato nella configurazione del bot) può aggiungere o togliere articoli.",
    add_usage: "Indica l'articolo con un link (`url:`) o un file (`file:`, .txt, .md o .html), uno dei due.",
    preview: "Anteprima",
    confirm_add: "Aggiungi",
    cancel_add: "Annulla",
    add_cancelled: "Annullato: non è stato aggiunto niente.",
    not_your_preview: "Solo chi ha chiesto questa anteprima può confermarla o annullarla.",
    added: "Aggiunto e indicizzato come",
    removed: "Tolto (il file è in removed/ accanto a seeds/):",
    not_indexed: "Il file è cambiato, ma l'indice non si è potuto ricostruire; resta in uso quello precedente (vedi il log del bot).",
    no_usd_figures: "Nessuna cifra in dollari da rappresentare.",
    more_figures: "altre: usa /cifra",
    more_figures_button: "Altre cifre",
    more_by_article: "altre: vedi un articolo con /cifre articolo:",
    more_articles: "altri articoli",
    no_such_article: "Nessun articolo corrisponde a",
    known_articles: "Gli articoli che conosco",
    no_figures_in: "Nessuna cifra chiave in",
    no_such_figure: "Nessuna cifra corrisponde a",
    known_figures: "Le cifre che conosco",
    sources_title: "Fonti",
    passages: "passaggi",
    figures: "cifre",
    help_title: "dealbot",
    help: "Rispondo a domande sulla notizia dell'accordo tra Amazon e OpenAI, in italiano o in inglese, citando la frase da cui viene ogni risposta — oppure dico che gli articoli non ne parlano.\n\n\
           **Chiedi** menzionandomi, in un messaggio diretto, o rispondendo a un mio messaggio.\n\
           `/chiedi` — fai una domanda (con `privato` vedi prima la risposta solo tu)\n\
           `/cifre` — le cifre chiave di ogni articolo, con un grafico (`articolo:` per uno)\n\
           `/cifra` — una cifra e la sua frase\n\
           `/fonti` — gli articoli che cito, con data e lingua\n\
           **Chiedi su questo messaggio** — nel menu App di un messaggio\n\
           `/reindicizza` — ricostruisce l'indice (Gestisci server)",
    reindex_denied: "Solo chi ha il permesso Gestisci server può ricostruire l'indice.",
    reindex_guild_only: "L'indice si ricostruisce da un server, non in un messaggio diretto.",
    reindexed: "Indice ricostruito",
    skipped: "saltati",
    reindex_kept: "Indice non sostituito: questi file hanno errori, resta in uso l'indice precedente",
};

/// The phrases for `lang`.
pub fn phrases(lang: Lang) -> &'static Phrases {
    match lang {
        Lang::En => &EN,
        Lang::It => &IT,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn italian_locales_get_italian_and_the_rest_english() {
        assert_eq!(lang(Some("it")), Lang::It);
        assert_eq!(lang(Some("IT")), Lang::It);
        assert_eq!(lang(Some("en-US")), Lang::En);
        assert_eq!(lang(Some("pt-BR")), Lang::En);
        assert_eq!(lang(Some("i")), Lang::En);
        assert_eq!(lang(None), Lang::En);
    }

    #[test]
    fn button_labels_fit_discord() {
        for p in [&EN, &IT] {
            assert!(p.more_passages.chars().count() <= 80);
            assert!(p.post_publicly.chars().count() <= 80);
            assert!(p.help.chars().count() <= crate::render::limits::EMBED_DESCRIPTION);
        }
    }
}
