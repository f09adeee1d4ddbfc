//! On central's page of a request: whether Mandat can vouch for the person who approved it
//! (issue 19, item 2), and, when it cannot, the field where central records how it checked
//! them before it issues a code or makes a change (`issue::check_approver`). The rule is
//! the application layer's.

use mandat_app::requests::{Approver, ApproverStanding};
use mandat_core::dates::long_moment;
use mandat_core::{Field, FieldError, Lang};

use crate::i18n::Tr;
use crate::kit::form::FieldView;

/// What the page says of the approver.
pub struct ApproverView {
    pub said: String,
    /// The approval rests on an address nothing on file vouches for, and is not checked.
    pub unverified: bool,
    pub field: FieldView,
}

impl ApproverView {
    pub fn new(tr: &Tr, lang: Lang, standing: &ApproverStanding, errors: &[FieldError]) -> Self {
        let said = match (&standing.approver, &standing.check) {
            (Approver::SignedIn, _) => tr.t("central-approver-signed-in"),
            (Approver::OnFile(name), _) => {
                tr.t_args("central-approver-on-file", &[("name", name.clone().into())])
            }
            (_, Some(check)) => {
                let at = long_moment(check.checked_at, lang);
                let args = [("date", at.into()), ("how", check.how.clone().into())];
                tr.t_args("central-approver-checked", &args)
            }
            (Approver::NotOnFile, None) => tr.t("central-approver-not-on-file"),
            (Approver::NamedByRequester, None) => tr.t("central-approver-named-by-requester"),
        };
        ApproverView {
            said,
            unverified: standing.unverified(),
            field: FieldView::new(tr, Field::ApproverCheck, "text").errors(tr, errors),
        }
    }
}
