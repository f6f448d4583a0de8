//! What an SES failure means to the caller: worth retrying later ([`MailError::Transient`]) or
//! not ([`MailError::Rejected`]). Throttling, a sending quota, a paused account (its operator
//! can resume it), a 5xx and a network failure pass with time; any other 4xx (a rejected
//! message, an unverified sender, a missing configuration set) does not.

use aws_sdk_sesv2::config::http::HttpResponse;
use aws_sdk_sesv2::error::{BuildError, DisplayErrorContext, ProvideErrorMetadata, SdkError};

use crate::MailError;

/// The error codes that mean "later": SES's throttling, quota and pause exceptions.
const LATER: [&str; 4] = ["TooManyRequestsException", "LimitExceededException", "SendingPausedException", "Throttling"];

/// Classifies a failed SES call, keeping the SDK's whole error chain as the message.
pub(super) fn classify<E>(error: SdkError<E, HttpResponse>) -> MailError
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    let transient = match &error {
        SdkError::ServiceError(service) => is_transient(service.err().code(), service.raw().status().as_u16()),
        SdkError::TimeoutError(_) | SdkError::DispatchFailure(_) | SdkError::ResponseError(_) => true,
        _ => false,
    };
    let message = DisplayErrorContext(&error).to_string();
    if transient {
        MailError::Transient(message)
    } else {
        MailError::Rejected(message)
    }
}

/// A request the SDK refused to build (a required field missing): a bug, not worth retrying.
pub(super) fn invalid(error: BuildError) -> MailError {
    MailError::Rejected(error.to_string())
}

/// Whether an answer with this error code and HTTP status is worth retrying.
fn is_transient(code: Option<&str>, status: u16) -> bool {
    code.is_some_and(|code| LATER.contains(&code)) || status == 429 || status >= 500
}

#[cfg(test)]
mod tests {
    use super::is_transient;

    #[test]
    fn throttling_quotas_a_pause_and_server_errors_are_transient_other_client_errors_are_not() {
        let cases = [
            (Some("TooManyRequestsException"), 400, true),
            (Some("LimitExceededException"), 400, true),
            (Some("SendingPausedException"), 400, true),
            (Some("Throttling"), 400, true),
            (None, 429, true),
            (Some("InternalFailure"), 500, true),
            (None, 503, true),
            (Some("MessageRejected"), 400, false),
            (Some("MailFromDomainNotVerifiedException"), 400, false),
            (Some("NotFoundException"), 404, false),
            (Some("AccountSuspendedException"), 400, false),
            (None, 403, false),
        ];
        for (code, status, transient) in cases {
            assert_eq!(is_transient(code, status), transient, "{code:?} {status}");
        }
    }
}
