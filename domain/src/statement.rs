//! The statement of reasons an author reads about their own review, in the review widget's languages: the English
//! text is `ReasonCode::public_text`, the Chinese one lives here. The edge sends it with the review's status, so the
//! widget carries no copy of these texts.

use crate::moderation::ReasonCode;
use crate::review::Locale;

impl ReasonCode {
    /// The statement of reasons in `locale`.
    pub fn statement(self, locale: Locale) -> &'static str {
        match locale {
            Locale::En => self.public_text(),
            Locale::ZhCn => self.public_text_zh_cn(),
        }
    }

    fn public_text_zh_cn(self) -> &'static str {
        match self {
            ReasonCode::PersonalInformation => {
                "您的评价包含个人或财务信息，例如账号、卡号、电子邮箱或电话号码。请删除后提交修改版；我们绝不公开此类信息。"
            }
            ReasonCode::Profanity => {
                "您的评价包含粗俗或辱骂性语言。您可以提交不含此类语言的修改版；无论评分高低，我们都欢迎您的意见。"
            }
            ReasonCode::SpamOrAdvertising => {
                "您的评价包含广告、推广链接或重复内容。您可以提交描述您亲身体验的修改版。"
            }
            ReasonCode::OffTopic => {
                "您的评价未描述该产品或服务。您可以提交关于您使用体验的修改版。"
            }
            ReasonCode::NotAClientExperience => {
                "您的评价未描述作为本公司客户或潜在客户的体验，因此无法发布。"
            }
            ReasonCode::LegalOrCompliance => {
                "出于法律或监管原因，您的评价无法发布。如涉及您账户的问题，且您留下了联系方式，客服将与您联系。"
            }
            ReasonCode::Duplicate => "您的评价与已提交的评价重复，因此未再次发布。",
            ReasonCode::Impersonation => "您的评价似乎以他人名义撰写，因此无法发布。",
            ReasonCode::WithdrawnByAuthor => "您已撤回此评价。",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reason_has_a_distinct_statement_in_every_locale() {
        for locale in [Locale::En, Locale::ZhCn] {
            let mut seen = std::collections::HashSet::new();
            for reason in ReasonCode::ALL {
                assert!(
                    seen.insert(reason.statement(locale)),
                    "{locale:?} {reason:?}"
                );
            }
        }
        assert_eq!(
            ReasonCode::OffTopic.statement(Locale::En),
            ReasonCode::OffTopic.public_text()
        );
    }
}
