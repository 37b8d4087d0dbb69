//! Small talk: greetings, thanks, "help" and "who are you", in Italian or English.
//!
//! A message made only of such social words is not a question about the
//! articles: it gets a short, friendly reply in the asker's language with two
//! questions the articles do answer, never the refusal, and it is no knowledge
//! gap. The words below are general conversation, not article vocabulary; a
//! message with any other word ("ciao, quanto vale l'accordo?") is a question.

use super::text::{Lang, words};

/// What a social message does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Social {
    Greeting,
    Thanks,
    /// "help", "aiuto", "what can you do", "who are you".
    Help,
    Farewell,
}

/// Longest message read as small talk, in words: beyond it, it says something.
const MAX_WORDS: usize = 12;

/// The social words, each with what it does and the language it belongs to
/// (`None`: either). Folded, as [`words`] gives them.
const WORDS: &[(&str, Option<Social>, Option<Lang>)] = &[
    // Greetings.
    ("ciao", Some(Social::Greeting), Some(Lang::It)),
    ("salve", Some(Social::Greeting), Some(Lang::It)),
    ("buongiorno", Some(Social::Greeting), Some(Lang::It)),
    ("buonasera", Some(Social::Greeting), Some(Lang::It)),
    ("buon", None, Some(Lang::It)),
    ("giorno", Some(Social::Greeting), Some(Lang::It)),
    ("pomeriggio", Some(Social::Greeting), Some(Lang::It)),
    ("hi", Some(Social::Greeting), Some(Lang::En)),
    ("hello", Some(Social::Greeting), Some(Lang::En)),
    ("hey", Some(Social::Greeting), None),
    ("hiya", Some(Social::Greeting), Some(Lang::En)),
    ("howdy", Some(Social::Greeting), Some(Lang::En)),
    ("morning", Some(Social::Greeting), Some(Lang::En)),
    ("afternoon", Some(Social::Greeting), Some(Lang::En)),
    ("evening", Some(Social::Greeting), Some(Lang::En)),
    ("good", None, Some(Lang::En)),
    // Thanks and approval.
    ("grazie", Some(Social::Thanks), Some(Lang::It)),
    ("mille", None, Some(Lang::It)),
    ("tante", None, Some(Lang::It)),
    ("perfetto", Some(Social::Thanks), Some(Lang::It)),
    ("ottimo", Some(Social::Thanks), Some(Lang::It)),
    ("bravo", Some(Social::Thanks), Some(Lang::It)),
    ("gentilissimo", Some(Social::Thanks), Some(Lang::It)),
    ("thanks", Some(Social::Thanks), Some(Lang::En)),
    ("thank", Some(Social::Thanks), Some(Lang::En)),
    ("thx", Some(Social::Thanks), Some(Lang::En)),
    ("ty", Some(Social::Thanks), Some(Lang::En)),
    ("cheers", Some(Social::Thanks), Some(Lang::En)),
    ("great", Some(Social::Thanks), Some(Lang::En)),
    ("perfect", Some(Social::Thanks), Some(Lang::En)),
    ("awesome", Some(Social::Thanks), Some(Lang::En)),
    ("nice", Some(Social::Thanks), Some(Lang::En)),
    ("ok", None, None),
    ("okay", None, None),
    ("lot", None, Some(Lang::En)),
    ("much", None, Some(Lang::En)),
    ("very", None, Some(Lang::En)),
    // Help and who the bot is.
    ("help", Some(Social::Help), Some(Lang::En)),
    ("aiuto", Some(Social::Help), Some(Lang::It)),
    ("aiutami", Some(Social::Help), Some(Lang::It)),
    ("sei", Some(Social::Help), Some(Lang::It)),
    ("siete", Some(Social::Help), Some(Lang::It)),
    ("chiami", Some(Social::Help), Some(Lang::It)),
    ("puoi", None, Some(Lang::It)),
    ("sai", None, Some(Lang::It)),
    ("fare", Some(Social::Help), Some(Lang::It)),
    ("funzioni", Some(Social::Help), Some(Lang::It)),
    ("who", None, Some(Lang::En)),
    ("what", None, Some(Lang::En)),
    ("are", None, Some(Lang::En)),
    ("can", None, Some(Lang::En)),
    ("do", None, Some(Lang::En)),
    ("does", None, Some(Lang::En)),
    ("work", None, Some(Lang::En)),
    ("how", None, Some(Lang::En)),
    ("you", Some(Social::Help), Some(Lang::En)),
    ("u", Some(Social::Help), Some(Lang::En)),
    ("your", None, Some(Lang::En)),
    ("name", None, Some(Lang::En)),
    ("is", None, Some(Lang::En)),
    ("me", None, None),
    ("chi", None, Some(Lang::It)),
    ("cosa", None, Some(Lang::It)),
    ("che", None, Some(Lang::It)),
    ("come", None, Some(Lang::It)),
    ("ti", None, Some(Lang::It)),
    ("mi", None, Some(Lang::It)),
    ("tu", None, Some(Lang::It)),
    ("utile", Some(Social::Thanks), Some(Lang::It)),
    ("utilissimo", Some(Social::Thanks), Some(Lang::It)),
    ("gentile", Some(Social::Thanks), Some(Lang::It)),
    ("stato", None, Some(Lang::It)),
    ("stata", None, Some(Lang::It)),
    ("molto", None, Some(Lang::It)),
    ("cool", Some(Social::Thanks), Some(Lang::En)),
    ("helpful", Some(Social::Thanks), Some(Lang::En)),
    ("been", None, Some(Lang::En)),
    ("was", None, Some(Lang::En)),
    ("that", None, Some(Lang::En)),
    ("s", None, None),
    ("btw", None, Some(Lang::En)),
    ("ma", None, Some(Lang::It)),
    ("but", None, Some(Lang::En)),
    ("for", None, Some(Lang::En)),
    ("now", None, Some(Lang::En)),
    ("per", None, Some(Lang::It)),
    ("ora", None, Some(Lang::It)),
    ("adesso", None, Some(Lang::It)),
    ("tutto", None, Some(Lang::It)),
    ("basta", Some(Social::Farewell), Some(Lang::It)),
    // Farewells.
    ("bye", Some(Social::Farewell), Some(Lang::En)),
    ("goodbye", Some(Social::Farewell), Some(Lang::En)),
    ("arrivederci", Some(Social::Farewell), Some(Lang::It)),
    ("alla", None, Some(Lang::It)),
    ("prossima", Some(Social::Farewell), Some(Lang::It)),
    ("later", Some(Social::Farewell), Some(Lang::En)),
    ("see", None, Some(Lang::En)),
    // Who is addressed, and fillers.
    ("there", None, Some(Lang::En)),
    ("all", None, Some(Lang::En)),
    ("everyone", None, Some(Lang::En)),
    ("tutti", None, Some(Lang::It)),
    ("a", None, None),
    ("e", None, Some(Lang::It)),
    ("and", None, Some(Lang::En)),
    ("bot", None, None),
    ("dealbot", None, None),
    ("again", None, Some(Lang::En)),
    ("ancora", None, Some(Lang::It)),
    ("di", None, Some(Lang::It)),
    ("nuovo", None, Some(Lang::It)),
];

/// What `message` does when it is small talk, and its language; `None` for a
/// question (any word that is not social, or too many words).
pub fn read(message: &str) -> Option<(Social, Lang)> {
    let ws = words(message);
    if ws.is_empty() || ws.len() > MAX_WORDS {
        return None;
    }
    let (mut it, mut en) = (0, 0);
    let mut social: Option<Social> = None;
    for w in &ws {
        let &(_, does, lang) = WORDS.iter().find(|(word, _, _)| *word == w.folded)?;
        match lang {
            Some(Lang::It) => it += 1,
            Some(Lang::En) => en += 1,
            None => {}
        }
        // Help says the most; thanks after a greeting ("ciao, grazie") is thanks.
        social = match (social, does) {
            (Some(Social::Help), _) | (_, None) => social,
            (_, Some(d)) => Some(d),
        };
    }
    let lang = if it > en { Lang::It } else { Lang::En };
    social.map(|s| (s, lang))
}

/// The reply to small talk, in `lang`, with up to two example questions.
pub fn reply(social: Social, lang: Lang, examples: &[String]) -> String {
    let opening = match (social, lang) {
        (Social::Greeting, Lang::En) => {
            "Hi! I answer questions about the news articles I have, quoting the sentence each answer comes from."
        }
        (Social::Greeting, Lang::It) => {
            "Ciao! Rispondo a domande sugli articoli che ho, citando la frase da cui viene ogni risposta."
        }
        (Social::Thanks, Lang::En) => "You're welcome! Ask me anything else about the articles.",
        (Social::Thanks, Lang::It) => "Prego! Chiedimi pure altro sugli articoli.",
        (Social::Help, Lang::En) => {
            "I'm dealbot: ask me in Italian or English about the news articles I have, and I quote the sentence the answer comes from, or tell you plainly that they don't say."
        }
        (Social::Help, Lang::It) => {
            "Sono dealbot: chiedimi in italiano o in inglese degli articoli che ho, e cito la frase da cui viene la risposta, o ti dico chiaramente che non ne parlano."
        }
        (Social::Farewell, Lang::En) => "Bye! I'm here whenever you have a question about the articles.",
        (Social::Farewell, Lang::It) => "A presto! Sono qui quando hai una domanda sugli articoli.",
    };
    let examples: Vec<String> = examples.iter().take(2).map(|q| format!("“{q}”")).collect();
    if examples.is_empty() {
        return opening.to_owned();
    }
    let (try_, or) = match lang {
        Lang::En => ("For example:", "or"),
        Lang::It => ("Per esempio:", "oppure"),
    };
    format!("{opening} {try_} {}", examples.join(&format!(" {or} ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn greetings_thanks_and_help_are_small_talk_in_both_languages() {
        assert_eq!(read("ciao"), Some((Social::Greeting, Lang::It)));
        assert_eq!(read("Hi there!"), Some((Social::Greeting, Lang::En)));
        assert_eq!(read("grazie mille!"), Some((Social::Thanks, Lang::It)));
        assert_eq!(read("thanks a lot"), Some((Social::Thanks, Lang::En)));
        assert_eq!(read("help"), Some((Social::Help, Lang::En)));
        assert_eq!(read("who are you?"), Some((Social::Help, Lang::En)));
        assert_eq!(read("chi sei?"), Some((Social::Help, Lang::It)));
        assert_eq!(read("cosa sai fare?"), Some((Social::Help, Lang::It)));
        assert_eq!(read("ciao, cosa puoi fare?"), Some((Social::Help, Lang::It)));
        assert_eq!(
            read("grazie mille, sei stato utilissimo!"),
            Some((Social::Help, Lang::It))
        );
        assert_eq!(
            read("ok cool, that's all for now. bye!"),
            Some((Social::Farewell, Lang::En))
        );
    }

    #[test]
    fn a_question_is_never_small_talk() {
        for q in [
            "ciao, quanto vale l'accordo?",
            "thanks, and who reported it?",
            "who?",
            "what is it?",
            "sei miliardi?",
            "is that all?",
            "Quanto vale l'accordo tra Amazon e OpenAI?",
            "",
        ] {
            assert_eq!(read(q), None, "{q}");
        }
    }

    #[test]
    fn the_reply_offers_two_questions_in_the_askers_language() {
        let examples = ["Quanto vale l'accordo?".to_owned(), "Chi l'ha riportato?".to_owned()];
        let text = reply(Social::Greeting, Lang::It, &examples);
        assert!(text.starts_with("Ciao!"), "{text}");
        assert!(
            text.contains("“Quanto vale l'accordo?” oppure “Chi l'ha riportato?”"),
            "{text}"
        );
        assert_eq!(
            reply(Social::Thanks, Lang::En, &[]),
            "You're welcome! Ask me anything else about the articles."
        );
    }
}
