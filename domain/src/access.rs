//! Cloudflare Access assertions (`Cf-Access-Jwt-Assertion`): the pure checks of a JWT, everything but the RSA
//! signature itself (the edge verifies that with WebCrypto against the team's key set). No IO, no clock: the time is
//! passed in.
//!
//! Order of use at the edge: [`decode`] (size, shape, `alg` exactly `RS256`, `kid` present, base64url, JSON) →
//! the signature over [`Decoded::signing_input`] with the key named by `kid` → [`Claims::audiences`] to find the
//! tenant → [`check_claims`] (audience, issuer, expiry, not-before, issued-at, e-mail) with that tenant's audience.

use serde::Deserialize;

/// A token longer than this is refused before anything is decoded (Cloudflare's are about 1 KiB).
pub const MAX_TOKEN_BYTES: usize = 8 * 1024;
/// The only signature algorithm accepted: Access signs with RS256; `none`, HS256 and everything else are refused.
pub const ALGORITHM: &str = "RS256";
/// Clock skew tolerated for `nbf` and `iat` (never for `exp`).
pub const LEEWAY_SECONDS: i64 = 60;
/// Bounds of the strings a token names.
pub const MAX_KID_CHARS: usize = 128;
pub const MAX_EMAIL_CHARS: usize = 254;
/// At most this many audiences are looked at (Access sends one).
pub const MAX_AUDIENCES: usize = 4;
/// RSA signatures of 2048 to 4096-bit keys.
#[cfg(feature = "access")]
const MIN_SIGNATURE_BYTES: usize = 256;
#[cfg(feature = "access")]
const MAX_SIGNATURE_BYTES: usize = 512;

/// Why an assertion is refused. Each is a 401 at the edge; `code` is the error code it answers with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JwtError {
    TooLarge,
    /// Not three base64url parts of JSON objects, or a field of the wrong type.
    Malformed,
    /// `alg` is anything but `RS256` (`none`, `HS256`, `RS512`, …).
    AlgorithmNotAllowed,
    KidMissing,
    /// The signature is not of a plausible RSA size, or does not verify (the edge says so).
    BadSignature,
    /// No key of the team's key set has this `kid`.
    UnknownKey,
    /// The token is not for this audience, or its audience belongs to no tenant.
    WrongAudience,
    WrongIssuer,
    Expired,
    NotYetValid,
    /// `iat` is missing, in the future, or after `exp`.
    BadIssuedAt,
    EmailMissing,
}

impl JwtError {
    pub fn code(self) -> &'static str {
        match self {
            JwtError::TooLarge => "access_token_too_large",
            JwtError::Malformed => "access_token_malformed",
            JwtError::AlgorithmNotAllowed => "access_algorithm_not_allowed",
            JwtError::KidMissing => "access_kid_missing",
            JwtError::BadSignature => "access_signature_invalid",
            JwtError::UnknownKey => "access_key_unknown",
            JwtError::WrongAudience => "access_audience_unknown",
            JwtError::WrongIssuer => "access_issuer_invalid",
            JwtError::Expired => "access_token_expired",
            JwtError::NotYetValid => "access_token_not_yet_valid",
            JwtError::BadIssuedAt => "access_issued_at_invalid",
            JwtError::EmailMissing => "access_email_missing",
        }
    }

    pub fn message(self) -> &'static str {
        match self {
            JwtError::TooLarge => "The Access assertion is larger than 8 KiB.",
            JwtError::Malformed => "The Access assertion is not a well-formed JWT.",
            JwtError::AlgorithmNotAllowed => "The Access assertion must be signed with RS256.",
            JwtError::KidMissing => "The Access assertion names no key (kid).",
            JwtError::BadSignature => "The Access assertion's signature does not verify.",
            JwtError::UnknownKey => {
                "The Access assertion is signed with a key the team does not publish."
            }
            JwtError::WrongAudience => {
                "The Access assertion is not for an application of any tenant."
            }
            JwtError::WrongIssuer => "The Access assertion was not issued by this team.",
            JwtError::Expired => "The Access session has expired; sign in again.",
            JwtError::NotYetValid => "The Access assertion is not valid yet.",
            JwtError::BadIssuedAt => "The Access assertion's issue time is not plausible.",
            JwtError::EmailMissing => "The Access assertion names no e-mail address.",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Header {
    pub alg: String,
    #[serde(default)]
    pub kid: Option<String>,
    #[serde(default)]
    pub typ: Option<String>,
}

/// `aud` is a string or a list of strings.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum Audience {
    One(String),
    Many(Vec<String>),
}

/// The claims Access sets that the edge reads (others, such as `identity_nonce` or `country`, are ignored).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Claims {
    pub aud: Option<Audience>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub exp: Option<i64>,
    #[serde(default)]
    pub nbf: Option<i64>,
    #[serde(default)]
    pub iat: Option<i64>,
    #[serde(default)]
    pub iss: Option<String>,
    #[serde(default)]
    pub sub: Option<String>,
}

impl Claims {
    /// The audiences the token names (at most [`MAX_AUDIENCES`]), to find the tenant whose application it is for.
    pub fn audiences(&self) -> Vec<&str> {
        match &self.aud {
            None => Vec::new(),
            Some(Audience::One(one)) => vec![one.as_str()],
            Some(Audience::Many(many)) => many
                .iter()
                .take(MAX_AUDIENCES)
                .map(String::as_str)
                .collect(),
        }
    }
}

/// A token taken apart; its signature is not yet verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded<'a> {
    pub header: Header,
    pub claims: Claims,
    /// The key id: which key of the team's set must verify the signature.
    pub kid: String,
    /// `header.payload` as sent: the bytes the signature covers.
    pub signing_input: &'a str,
    pub signature: Vec<u8>,
}

/// Splits and decodes a token. Refuses, before decoding anything, a token over [`MAX_TOKEN_BYTES`]; then anything
/// but three base64url parts whose first two are JSON objects, an `alg` other than exactly `RS256`, a missing `kid`,
/// and a signature that cannot be an RSA signature.
#[cfg(feature = "access")]
pub fn decode(token: &str) -> Result<Decoded<'_>, JwtError> {
    if token.len() > MAX_TOKEN_BYTES {
        return Err(JwtError::TooLarge);
    }
    let mut parts = token.split('.');
    let (Some(header_part), Some(claims_part), Some(signature_part), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(JwtError::Malformed);
    };
    let header: Header =
        serde_json::from_slice(&base64url(header_part)?).map_err(|_| JwtError::Malformed)?;
    if header.alg != ALGORITHM {
        return Err(JwtError::AlgorithmNotAllowed);
    }
    let kid = match header.kid.as_deref() {
        Some(kid) if !kid.is_empty() && kid.chars().count() <= MAX_KID_CHARS => kid.to_owned(),
        Some(kid) if !kid.is_empty() => return Err(JwtError::Malformed),
        _ => return Err(JwtError::KidMissing),
    };
    let claims: Claims =
        serde_json::from_slice(&base64url(claims_part)?).map_err(|_| JwtError::Malformed)?;
    let signature = base64url(signature_part)?;
    if !(MIN_SIGNATURE_BYTES..=MAX_SIGNATURE_BYTES).contains(&signature.len()) {
        return Err(JwtError::BadSignature);
    }
    Ok(Decoded {
        header,
        claims,
        kid,
        signing_input: &token[..header_part.len() + 1 + claims_part.len()],
        signature,
    })
}

/// What the edge expects of a verified token: its tenant's audience, the team's issuer, and the time now.
#[derive(Debug, Clone, Copy)]
pub struct Expected<'a> {
    pub audience: &'a str,
    pub issuer: &'a str,
    pub now_seconds: i64,
}

/// Who a valid token names: the lower-cased e-mail (people's e-mails are stored lower-cased).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub email: String,
}

/// The claim checks: `aud` contains the expected audience; `iss` equals the issuer (a trailing `/` on either side
/// is ignored); `exp` is present and later than now; `nbf`, if present, is not in the future; `iat` is present, not
/// in the future and not after `exp` (a skew of [`LEEWAY_SECONDS`] for `nbf` and `iat`); `email` is present and
/// bounded.
pub fn check_claims(claims: &Claims, expected: &Expected<'_>) -> Result<Identity, JwtError> {
    let now = expected.now_seconds;
    if expected.audience.is_empty() || !claims.audiences().contains(&expected.audience) {
        return Err(JwtError::WrongAudience);
    }
    let issuer = claims.iss.as_deref().unwrap_or("");
    if issuer.is_empty() || issuer.trim_end_matches('/') != expected.issuer.trim_end_matches('/') {
        return Err(JwtError::WrongIssuer);
    }
    let exp = claims.exp.ok_or(JwtError::Expired)?;
    if exp <= now {
        return Err(JwtError::Expired);
    }
    if claims.nbf.is_some_and(|nbf| nbf > now + LEEWAY_SECONDS) {
        return Err(JwtError::NotYetValid);
    }
    match claims.iat {
        Some(iat) if iat <= now + LEEWAY_SECONDS && iat <= exp => {}
        _ => return Err(JwtError::BadIssuedAt),
    }
    let email = claims.email.as_deref().map(str::trim).unwrap_or("");
    if email.is_empty() || email.chars().count() > MAX_EMAIL_CHARS || !email.contains('@') {
        return Err(JwtError::EmailMissing);
    }
    Ok(Identity {
        email: email.to_lowercase(),
    })
}

/// An Access application audience as a tenant's settings hold it: Cloudflare's AUD tag is 64 hexadecimal digits;
/// accepted are 1 to 128 ASCII letters, digits, `-`, `_` and `.` (it is compared exactly, never shown as markup).
pub fn is_access_audience(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 128
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// Unpadded base64url (RFC 7515 §2); padding, other alphabets and impossible lengths are refused.
pub fn base64url(text: &str) -> Result<Vec<u8>, JwtError> {
    if text.len() % 4 == 1 {
        return Err(JwtError::Malformed);
    }
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut buffer: u32 = 0;
    let mut bits = 0u32;
    for byte in text.bytes() {
        let value = match byte {
            b'A'..=b'Z' => byte - b'A',
            b'a'..=b'z' => byte - b'a' + 26,
            b'0'..=b'9' => byte - b'0' + 52,
            b'-' => 62,
            b'_' => 63,
            _ => return Err(JwtError::Malformed),
        };
        buffer = (buffer << 6) | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    // Left-over bits must be zero (a canonical encoding).
    if buffer != 0 {
        return Err(JwtError::Malformed);
    }
    Ok(out)
}

/// Unpadded base64url of `bytes` (for tests and for building keys).
pub fn base64url_encode(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (index, byte)| {
            n | u32::from(*byte) << (16 - 8 * index)
        });
        for index in 0..=chunk.len() {
            out.push(char::from(ALPHABET[(n >> (18 - 6 * index) & 63) as usize]));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    const NOW: i64 = 1_800_000_000;
    const AUD: &str = "4714c1358e65fe4b408ad6d432a5f878f08194bdb4752441fd56faefa9b2b6f2";
    const ISS: &str = "https://bank.cloudflareaccess.com";

    #[cfg(feature = "access")]
    fn part(value: &Value) -> String {
        base64url_encode(value.to_string().as_bytes())
    }

    #[cfg(feature = "access")]
    fn token(header: Value, claims: Value, signature_bytes: usize) -> String {
        [
            part(&header),
            part(&claims),
            base64url_encode(&vec![7u8; signature_bytes]),
        ]
        .join(".")
    }

    #[cfg(feature = "access")]
    fn header() -> Value {
        json!({ "alg": "RS256", "kid": "k1", "typ": "JWT" })
    }

    fn claims() -> Value {
        json!({
            "aud": [AUD], "email": "Mia@Bank.Example", "exp": NOW + 600, "iat": NOW - 10, "nbf": NOW - 10,
            "iss": ISS, "sub": "7335d417-61da-459d-899c-0a01c76a2f94", "type": "app", "identity_nonce": "x",
        })
    }

    fn expected() -> Expected<'static> {
        Expected {
            audience: AUD,
            issuer: ISS,
            now_seconds: NOW,
        }
    }

    fn with(mut value: Value, key: &str, new: Value) -> Value {
        if new.is_null() {
            value.as_object_mut().unwrap().remove(key);
        } else {
            value[key] = new;
        }
        value
    }

    #[test]
    #[cfg(feature = "access")]
    fn a_cloudflare_shaped_token_decodes_and_passes() {
        let text = token(header(), claims(), 256);
        let decoded = decode(&text).unwrap();
        assert_eq!(decoded.kid, "k1");
        assert_eq!(decoded.signature.len(), 256);
        assert_eq!(
            decoded.signing_input,
            text.rsplit_once('.').map(|(input, _)| input).unwrap()
        );
        assert_eq!(decoded.claims.audiences(), [AUD]);
        let identity = check_claims(&decoded.claims, &expected()).unwrap();
        assert_eq!(identity.email, "mia@bank.example");
        // A single-string audience and an issuer with a trailing slash are the same.
        let other = with(claims(), "aud", json!(AUD));
        let other = with(other, "iss", json!(format!("{ISS}/")));
        let decoded = decode_owned(&token(header(), other, 512));
        assert!(check_claims(&decoded.claims, &expected()).is_ok());
    }

    #[cfg(feature = "access")]
    fn decode_owned(text: &str) -> Decoded<'static> {
        let leaked: &'static str = Box::leak(text.to_owned().into_boxed_str());
        decode(leaked).unwrap()
    }

    #[test]
    #[cfg(feature = "access")]
    fn decoding_refuses_every_malformed_or_unsigned_shape() {
        let big_claims = with(claims(), "pad", json!("x".repeat(MAX_TOKEN_BYTES)));
        let cases: Vec<(&str, String, JwtError)> = vec![
            (
                "too large",
                token(header(), big_claims, 256),
                JwtError::TooLarge,
            ),
            (
                "two parts",
                [part(&header()), part(&claims())].join("."),
                JwtError::Malformed,
            ),
            (
                "four parts",
                format!("{}.x", token(header(), claims(), 256)),
                JwtError::Malformed,
            ),
            ("empty", String::new(), JwtError::Malformed),
            (
                "alg none, empty signature",
                format!(
                    "{}.{}.",
                    part(&json!({ "alg": "none", "kid": "k1" })),
                    part(&claims())
                ),
                JwtError::AlgorithmNotAllowed,
            ),
            (
                "alg None",
                token(with(header(), "alg", json!("None")), claims(), 256),
                JwtError::AlgorithmNotAllowed,
            ),
            (
                "HS256",
                token(with(header(), "alg", json!("HS256")), claims(), 32),
                JwtError::AlgorithmNotAllowed,
            ),
            (
                "RS512",
                token(with(header(), "alg", json!("RS512")), claims(), 256),
                JwtError::AlgorithmNotAllowed,
            ),
            (
                "lower-case rs256",
                token(with(header(), "alg", json!("rs256")), claims(), 256),
                JwtError::AlgorithmNotAllowed,
            ),
            (
                "alg missing",
                token(with(header(), "alg", Value::Null), claims(), 256),
                JwtError::Malformed,
            ),
            (
                "kid missing",
                token(with(header(), "kid", Value::Null), claims(), 256),
                JwtError::KidMissing,
            ),
            (
                "kid empty",
                token(with(header(), "kid", json!("")), claims(), 256),
                JwtError::KidMissing,
            ),
            (
                "kid too long",
                token(with(header(), "kid", json!("k".repeat(129))), claims(), 256),
                JwtError::Malformed,
            ),
            (
                "kid a number",
                token(with(header(), "kid", json!(1)), claims(), 256),
                JwtError::Malformed,
            ),
            (
                "header not JSON",
                format!("{}.{}.AAAA", base64url_encode(b"{alg"), part(&claims())),
                JwtError::Malformed,
            ),
            (
                "claims not an object",
                token(header(), json!([1, 2]), 256),
                JwtError::Malformed,
            ),
            (
                "exp a string",
                token(header(), with(claims(), "exp", json!("soon")), 256),
                JwtError::Malformed,
            ),
            (
                "padded base64",
                format!("{}=.{}.AAAA", part(&header()), part(&claims())),
                JwtError::Malformed,
            ),
            (
                "standard base64 alphabet",
                format!("{}.{}.AA+/", part(&header()), part(&claims())),
                JwtError::Malformed,
            ),
            (
                "signature too short",
                token(header(), claims(), 32),
                JwtError::BadSignature,
            ),
            (
                "signature too long",
                token(header(), claims(), 513),
                JwtError::BadSignature,
            ),
        ];
        for (case, text, error) in cases {
            assert_eq!(decode(&text).map(|_| ()), Err(error), "{case}");
        }
    }

    #[test]
    fn claims_are_checked_against_audience_issuer_and_time() {
        let cases: Vec<(&str, Value, i64, Result<(), JwtError>)> = vec![
            ("valid", claims(), NOW, Ok(())),
            (
                "another audience",
                with(claims(), "aud", json!(["other"])),
                NOW,
                Err(JwtError::WrongAudience),
            ),
            (
                "no audience",
                with(claims(), "aud", Value::Null),
                NOW,
                Err(JwtError::WrongAudience),
            ),
            (
                "empty audience list",
                with(claims(), "aud", json!([])),
                NOW,
                Err(JwtError::WrongAudience),
            ),
            (
                "audience among others",
                with(claims(), "aud", json!(["a", AUD])),
                NOW,
                Ok(()),
            ),
            (
                "audience beyond the first four",
                with(claims(), "aud", json!(["a", "b", "c", "d", AUD])),
                NOW,
                Err(JwtError::WrongAudience),
            ),
            (
                "another issuer",
                with(claims(), "iss", json!("https://evil.cloudflareaccess.com")),
                NOW,
                Err(JwtError::WrongIssuer),
            ),
            (
                "no issuer",
                with(claims(), "iss", Value::Null),
                NOW,
                Err(JwtError::WrongIssuer),
            ),
            ("expired", claims(), NOW + 600, Err(JwtError::Expired)),
            (
                "expired long ago",
                claims(),
                NOW + 86_400,
                Err(JwtError::Expired),
            ),
            (
                "no expiry",
                with(claims(), "exp", Value::Null),
                NOW,
                Err(JwtError::Expired),
            ),
            ("one second before expiry", claims(), NOW + 599, Ok(())),
            (
                "not before, in the future",
                with(claims(), "nbf", json!(NOW + 61)),
                NOW,
                Err(JwtError::NotYetValid),
            ),
            (
                "not before, within the skew",
                with(claims(), "nbf", json!(NOW + 60)),
                NOW,
                Ok(()),
            ),
            (
                "no not-before",
                with(claims(), "nbf", Value::Null),
                NOW,
                Ok(()),
            ),
            (
                "issued in the future",
                with(claims(), "iat", json!(NOW + 61)),
                NOW,
                Err(JwtError::BadIssuedAt),
            ),
            (
                "issued after expiry",
                with(
                    with(claims(), "iat", json!(NOW + 30)),
                    "exp",
                    json!(NOW + 20),
                ),
                NOW,
                Err(JwtError::BadIssuedAt),
            ),
            (
                "no issue time",
                with(claims(), "iat", Value::Null),
                NOW,
                Err(JwtError::BadIssuedAt),
            ),
            (
                "no e-mail (a service token)",
                with(claims(), "email", Value::Null),
                NOW,
                Err(JwtError::EmailMissing),
            ),
            (
                "empty e-mail",
                with(claims(), "email", json!(" ")),
                NOW,
                Err(JwtError::EmailMissing),
            ),
            (
                "not an e-mail",
                with(claims(), "email", json!("mia")),
                NOW,
                Err(JwtError::EmailMissing),
            ),
            (
                "e-mail too long",
                with(
                    claims(),
                    "email",
                    json!(format!("{}@bank.example", "m".repeat(250))),
                ),
                NOW,
                Err(JwtError::EmailMissing),
            ),
        ];
        for (case, value, now, outcome) in cases {
            let claims: Claims = serde_json::from_value(value).unwrap();
            let expected = Expected {
                now_seconds: now,
                ..expected()
            };
            assert_eq!(
                check_claims(&claims, &expected).map(|_| ()),
                outcome,
                "{case}"
            );
        }
        let claims: Claims = serde_json::from_value(claims()).unwrap();
        let no_audience = Expected {
            audience: "",
            ..expected()
        };
        assert_eq!(
            check_claims(&claims, &no_audience).map(|_| ()),
            Err(JwtError::WrongAudience),
            "an empty expected audience matches nothing"
        );
    }

    #[test]
    fn base64url_round_trips_and_refuses_non_canonical_text() {
        for length in 0..40 {
            let bytes: Vec<u8> = (0..length).map(|i| (i * 37 + 11) as u8).collect();
            assert_eq!(base64url(&base64url_encode(&bytes)).unwrap(), bytes);
        }
        assert_eq!(base64url_encode(b"\xfb\xff"), "-_8");
        assert_eq!(base64url("AQAB").unwrap(), [1, 0, 1]);
        assert!(base64url("A").is_err(), "impossible length");
        assert!(base64url("AB").is_err(), "left-over bits not zero");
        assert!(base64url("AQ==").is_err(), "padding");
        assert!(base64url("A Q").is_err());
    }

    #[test]
    fn audiences_are_bounded_plain_text() {
        assert!(is_access_audience(AUD));
        assert!(is_access_audience("candor-demo.harbor_1"));
        assert!(!is_access_audience(""));
        assert!(!is_access_audience(&"a".repeat(129)));
        assert!(!is_access_audience("aud with space"));
        assert!(!is_access_audience("aud\"><script>"));
    }

    #[test]
    fn every_refusal_has_its_own_code() {
        let all = [
            JwtError::TooLarge,
            JwtError::Malformed,
            JwtError::AlgorithmNotAllowed,
            JwtError::KidMissing,
            JwtError::BadSignature,
            JwtError::UnknownKey,
            JwtError::WrongAudience,
            JwtError::WrongIssuer,
            JwtError::Expired,
            JwtError::NotYetValid,
            JwtError::BadIssuedAt,
            JwtError::EmailMissing,
        ];
        let codes: std::collections::BTreeSet<&str> = all.iter().map(|e| e.code()).collect();
        assert_eq!(codes.len(), all.len());
        assert!(all.iter().all(|e| e.message().ends_with('.')));
    }
}
