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

// Classify maps an error of Fetch, Allowed or Lookup to a snapshot status:
// private_address, too_many_redirects, dns_error, tls_error, refused,
// timeout or network_error. A nil error is ok.
func Classify(err error) snapshot.Status {
	switch {
	case err == nil:
		return snapshot.StatusOK
	case errors.Is(err, ErrPrivateAddress):
		return snapshot.StatusPrivate
	case errors.Is(err, ErrTooManyRedirects):
		return snapshot.StatusTooManyRedirs
	case errors.Is(err, ErrNoAddress) || isDNS(err):
		return snapshot.StatusDNSError
	case isTLS(err):
		return snapshot.StatusTLSError
	case errors.Is(err, syscall.ECONNREFUSED):
		return snapshot.StatusRefused
	case errors.Is(err, context.DeadlineExceeded) || isNetTimeout(err):
		return snapshot.StatusTimeout
	default:
		return snapshot.StatusNetError
	}
}

// isDNS reports a failed name lookup.
func isDNS(err error) bool {
	var de *net.DNSError
	return errors.As(err, &de)
}

// isTLS reports a failed TLS handshake or certificate verification. A
// handshake timeout is a timeout, not a TLS error.
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
