//! The authorized exchange, sans IO: authorize a request, send it, read the answer's
//! [`RetryAdvice`], and send it again at most once.
//!
//! Every place that sends an authorized request (the reqwest middleware, `send_with`, the
//! userinfo call, the DPoP token requests to the authorization server, the command line) runs
//! this one state machine over its own request type and its own send. The machine never sends
//! anything: it is told what the answer advised and what the caller can do (send the request
//! again, take a fresh token), and says what to do next. That is where the guarantee lives
//! that no answer, however a server misbehaves, makes a request go out more than twice.
//!
//! It serves both kinds of nonce challenge (RFC 9449): a resource server's 401 with
//! `WWW-Authenticate: DPoP error="use_dpop_nonce"` (section 9) and an authorization server's
//! 400 with `{"error":"use_dpop_nonce"}` (section 8). Reading the answer into advice is the
//! token's work ([`BearerToken::on_response`](crate::BearerToken::on_response), its binding's
//! [`on_token_response`](crate::TokenBinding::on_token_response));
//! deciding on it is this machine's.
//!
//! ```
//! use oauth2_types::RetryAdvice;
//! use oauth2_types::exchange::{AuthorizedExchange, Decision};
//!
//! let mut exchange = AuthorizedExchange::new();
//! // First answer: a nonce challenge, and the request can be sent again.
//! assert_eq!(exchange.decide(RetryAdvice::RetryWithNonce, true), Decision::RetryWithNonce);
//! // Second answer: the same challenge again. No third send, whatever the server says.
//! assert_eq!(exchange.decide(RetryAdvice::RetryWithNonce, true), Decision::Done);
//! assert!(exchange.retried());
//! ```

use crate::seams::RetryAdvice;

/// What to do after an answer, as the [`AuthorizedExchange`] decided it.
///
/// ```
/// use oauth2_types::exchange::Decision;
/// assert!(Decision::RetryWithNonce.sends_again());
/// assert!(!Decision::RejectToken.sends_again());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Decision {
    /// Keep the answer.
    Done,
    /// Keep the answer, and tell the token's source that the token was rejected, so the next
    /// request does not get it again: this request cannot be sent once more (its body is a
    /// stream, or there is no other token to take).
    RejectToken,
    /// Authorize the request again (the binding has remembered the server's new nonce) and
    /// send it once more.
    RetryWithNonce,
    /// Tell the token's source that the token was rejected, take a fresh one, authorize the
    /// request with it and send it once more.
    RetryWithFreshToken,
}

impl Decision {
    /// Whether the request goes out once more.
    ///
    /// ```
    /// assert!(!oauth2_types::exchange::Decision::Done.sends_again());
    /// ```
    pub fn sends_again(self) -> bool {
        matches!(self, Self::RetryWithNonce | Self::RetryWithFreshToken)
    }
}

/// One authorized exchange: at most one retry, for a DPoP nonce or for a fresh token.
///
/// Made per request, before its first send; [`decide`](Self::decide) is called with each
/// answer's advice until it says [`Decision::Done`] or [`Decision::RejectToken`]. Following a
/// redirect is not a retry: a caller that follows one goes on with the same exchange, so the
/// redirected request may still answer one challenge, and only one.
///
/// ```
/// use oauth2_types::RetryAdvice;
/// use oauth2_types::exchange::{AuthorizedExchange, Decision};
///
/// // A token source that can renew: invalid_token is worth one fresh token.
/// let mut exchange = AuthorizedExchange::renewing();
/// assert_eq!(
///     exchange.decide(RetryAdvice::RetryWithFreshToken, true),
///     Decision::RetryWithFreshToken
/// );
/// // A fixed token cannot be renewed: its source is told, the answer kept.
/// let mut fixed = AuthorizedExchange::new();
/// assert_eq!(fixed.decide(RetryAdvice::RetryWithFreshToken, true), Decision::RejectToken);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AuthorizedExchange {
    renews: bool,
    retried: bool,
}

impl AuthorizedExchange {
    /// An exchange with a fixed token: a nonce challenge is answered once, a rejected token
    /// is not replaced.
    ///
    /// ```
    /// let exchange = oauth2_types::exchange::AuthorizedExchange::new();
    /// assert!(exchange.may_retry());
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// An exchange whose token comes from a source that can give a fresh one (a token
    /// manager): a rejected token is also worth one retry.
    ///
    /// ```
    /// let exchange = oauth2_types::exchange::AuthorizedExchange::renewing();
    /// assert!(exchange.renews());
    /// ```
    pub fn renewing() -> Self {
        Self {
            renews: true,
            retried: false,
        }
    }

    /// Whether a rejected token is replaced by a fresh one.
    ///
    /// ```
    /// assert!(!oauth2_types::exchange::AuthorizedExchange::new().renews());
    /// ```
    pub fn renews(&self) -> bool {
        self.renews
    }

    /// Whether the request has been sent a second time already.
    ///
    /// ```
    /// use oauth2_types::{RetryAdvice, exchange::AuthorizedExchange};
    /// let mut exchange = AuthorizedExchange::new();
    /// exchange.decide(RetryAdvice::RetryWithNonce, true);
    /// assert!(exchange.retried());
    /// ```
    pub fn retried(&self) -> bool {
        self.retried
    }

    /// Whether a retry is still possible: before the request is sent, this tells a caller
    /// whether keeping a copy of it for a second send can pay off at all.
    ///
    /// ```
    /// use oauth2_types::{RetryAdvice, exchange::AuthorizedExchange};
    /// let mut exchange = AuthorizedExchange::new();
    /// exchange.decide(RetryAdvice::RetryWithNonce, true);
    /// assert!(!exchange.may_retry());
    /// ```
    pub fn may_retry(&self) -> bool {
        !self.retried
    }

    /// Decides on an answer: `advice` is what the token (its binding) read in the answer,
    /// `resendable` whether the request can be sent again (a streamed body cannot).
    ///
    /// A retry is decided once at most; after it, every answer is kept as it is.
    ///
    /// ```
    /// use oauth2_types::{RetryAdvice, exchange::{AuthorizedExchange, Decision}};
    /// let mut exchange = AuthorizedExchange::renewing();
    /// // A streamed body cannot go out again: the answer is kept, the source still told.
    /// assert_eq!(exchange.decide(RetryAdvice::RetryWithFreshToken, false), Decision::RejectToken);
    /// ```
    pub fn decide(&mut self, advice: RetryAdvice, resendable: bool) -> Decision {
        if self.retried {
            return Decision::Done;
        }
        let decision = match advice {
            RetryAdvice::Done => Decision::Done,
            RetryAdvice::RetryWithNonce if resendable => Decision::RetryWithNonce,
            RetryAdvice::RetryWithNonce => Decision::Done,
            RetryAdvice::RetryWithFreshToken if resendable && self.renews => {
                Decision::RetryWithFreshToken
            }
            RetryAdvice::RetryWithFreshToken => Decision::RejectToken,
        };
        self.retried = decision.sends_again();
        decision
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ADVICE: [RetryAdvice; 3] = [
        RetryAdvice::Done,
        RetryAdvice::RetryWithNonce,
        RetryAdvice::RetryWithFreshToken,
    ];

    /// Whatever the answers advise, and whatever the caller can do, the request goes out
    /// twice at most.
    #[test]
    fn no_sequence_of_answers_sends_a_request_three_times() {
        for renewing in [false, true] {
            for first in ADVICE {
                for second in ADVICE {
                    for third in ADVICE {
                        for resendable in [false, true] {
                            let mut exchange = if renewing {
                                AuthorizedExchange::renewing()
                            } else {
                                AuthorizedExchange::new()
                            };
                            let sends = 1 + [first, second, third]
                                .into_iter()
                                .map(|advice| exchange.decide(advice, resendable))
                                .filter(|decision| decision.sends_again())
                                .count();
                            assert!(sends <= 2, "{first:?} {second:?} {third:?}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn a_nonce_challenge_is_answered_once() {
        let mut exchange = AuthorizedExchange::new();
        assert_eq!(
            exchange.decide(RetryAdvice::RetryWithNonce, true),
            Decision::RetryWithNonce
        );
        assert_eq!(
            exchange.decide(RetryAdvice::RetryWithNonce, true),
            Decision::Done
        );
    }

    #[test]
    fn a_nonce_challenge_then_a_rejected_token_is_not_retried_again() {
        let mut exchange = AuthorizedExchange::renewing();
        exchange.decide(RetryAdvice::RetryWithNonce, true);
        assert_eq!(
            exchange.decide(RetryAdvice::RetryWithFreshToken, true),
            Decision::Done
        );
    }

    #[test]
    fn a_rejected_token_is_renewed_only_by_a_renewing_source() {
        assert_eq!(
            AuthorizedExchange::renewing().decide(RetryAdvice::RetryWithFreshToken, true),
            Decision::RetryWithFreshToken
        );
        assert_eq!(
            AuthorizedExchange::new().decide(RetryAdvice::RetryWithFreshToken, true),
            Decision::RejectToken
        );
    }

    #[test]
    fn a_request_that_cannot_be_sent_again_keeps_its_answer() {
        let mut exchange = AuthorizedExchange::renewing();
        assert_eq!(
            exchange.decide(RetryAdvice::RetryWithNonce, false),
            Decision::Done
        );
        assert_eq!(
            exchange.decide(RetryAdvice::RetryWithFreshToken, false),
            Decision::RejectToken
        );
        assert!(!exchange.retried());
    }

    #[test]
    fn a_good_answer_is_kept() {
        let mut exchange = AuthorizedExchange::renewing();
        assert_eq!(exchange.decide(RetryAdvice::Done, true), Decision::Done);
        assert!(exchange.may_retry());
    }
}
