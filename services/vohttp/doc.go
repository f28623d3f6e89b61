// Package vohttp is the HTTP layer shared by every Virtual Observatory client
// in esodesk (TAP, UWS, SSA, DataLink, ...).
//
// It owns three things the protocol packages should not repeat:
//   - one configured *http.Client (timeouts on connecting and on waiting for
//     response headers, none on bodies: results can be large, so cancellation
//     comes from the caller's context);
//   - the Authorizer hook, applied per request and re-applied per redirect so
//     that credentials never follow a redirect to another host;
//   - the one error type, *Error, which carries the service's own words
//     whether they came in an HTTP error body, a VOTable QUERY_STATUS=ERROR or
//     a UWS job in phase ERROR.
package vohttp
