package fetch

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"strings"
	"syscall"

	"gongkai/crawler/snapshot"
)

// ErrTooManyRedirects is wrapped by the error of a request that met more
// than Config.MaxRedirects redirects.
var ErrTooManyRedirects = errors.New("too many redirects")

// ErrBadRedirect is wrapped by the error of a request redirected to a
// Location that is missing, malformed or not an http(s) URL.
var ErrBadRedirect = errors.New("bad redirect")

// handshakeError is a TLS handshake that began and did not end (the
// server never answered it, or the request's deadline passed during it).
type handshakeError struct{ err error }

func (e *handshakeError) Error() string { return "tls handshake not completed: " + e.err.Error() }
func (e *handshakeError) Unwrap() error { return e.err }

// Classify maps an error of Fetch, Allowed or Lookup to a snapshot status:
// private_address, site_too_large (the site's byte budget), too_many_redirects,
// bad_redirect, dns_error, tls_error (a handshake that hangs included),
// too_large (response headers over the cap), protocol_error (an answer that
// is not valid HTTP), refused, timeout or network_error. A nil error is ok.
func Classify(err error) snapshot.Status {
	switch {
	case err == nil:
		return snapshot.StatusOK
	case errors.Is(err, ErrPrivateAddress):
		return snapshot.StatusPrivate
	case errors.Is(err, ErrByteBudget):
		return snapshot.StatusSiteTooLarge
	case errors.Is(err, ErrTooManyRedirects):
		return snapshot.StatusTooManyRedirs
	case errors.Is(err, ErrBadRedirect):
		return snapshot.StatusBadRedirect
	case errors.Is(err, ErrNoAddress) || isDNS(err):
		return snapshot.StatusDNSError
	case isTLS(err):
		return snapshot.StatusTLSError
	case errors.Is(err, syscall.ECONNREFUSED):
		return snapshot.StatusRefused
	case errors.Is(err, context.DeadlineExceeded) || isNetTimeout(err):
		return snapshot.StatusTimeout
	}
	switch msg := err.Error(); {
	case strings.Contains(msg, "server response headers exceeded"):
		return snapshot.StatusTooLarge
	case containsAny(msg, protocolErrors):
		return snapshot.StatusProtocolError
	}
	return snapshot.StatusNetError
}

// protocolErrors are the messages of net/http for answers that are not
// valid HTTP/1.1 (it exports no types for them): non-HTTP replies, broken
// framing, conflicting or malformed Content-Length.
var protocolErrors = []string{
	"malformed HTTP", "malformed MIME header", "malformed chunked encoding",
	"multiple Content-Length", "bad Content-Length", "invalid Content-Length",
	"unsupported transfer encoding", "too many transfer encodings", "invalid header",
	"HTTP/1.x transport connection broken: malformed",
	"unexpected EOF reading trailer", "chunked encoding", "in chunk length", "chunk length too large",
	"server sent an unexpected 1xx", "too many 1xx",
}

func containsAny(s string, subs []string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// isDNS reports a failed name lookup.
func isDNS(err error) bool {
	var de *net.DNSError
	return errors.As(err, &de)
}

// isTLS reports a failed TLS handshake or certificate verification. A
// handshake that never completes is a TLS failure too: the page is not
// slow, the server does not speak TLS.
func isTLS(err error) bool {
	var (
		verify   *tls.CertificateVerificationError
		header   tls.RecordHeaderError
		alert    tls.AlertError
		unknown  x509.UnknownAuthorityError
		hostname x509.HostnameError
		invalid  x509.CertificateInvalidError
		ech      *tls.ECHRejectionError
	)
	var hs *handshakeError
	if errors.As(err, &hs) || strings.Contains(err.Error(), "TLS handshake timeout") {
		return true // a handshake that hangs is a TLS failure
	}
	if errors.As(err, &verify) || errors.As(err, &header) || errors.As(err, &alert) ||
		errors.As(err, &unknown) || errors.As(err, &hostname) || errors.As(err, &invalid) ||
		errors.As(err, &ech) {
		return true
	}
	if isNetTimeout(err) {
		return false
	}
	// Errors from crypto/tls without an exported type ("tls: ...").
	return strings.Contains(err.Error(), "tls: ")
}
