// Package esoauth logs in to the ESO archive and keeps the login usable and
// safe:
//
//   - Login sends the user name and password to ESO's OIDC token endpoint and
//     returns a Token whose expiry is read from the id_token (a JWT).
//   - Store keeps the Token (never the password) in the OS keyring, or, when
//     no keyring is available, in a file only the user can read, and says
//     which one it used so the GUI can tell the user.
//   - Authorizer is a vohttp.Authorizer that adds "Authorization: Bearer ..."
//     only to ESO hosts over HTTPS (plus hosts allowed for tests), never for
//     an expired token, and can be swapped while downloads run.
//
// The password travels in the token URL's query string (ESO's protocol), so
// it must never reach a log or an error: errors carry vohttp.Redact'ed URLs
// and are scrubbed once more before Login returns them.
//
// No Fyne imports here: the login dialog lives in app/.
package esoauth
