package fetch

import (
	"crypto/tls"
	"time"
)

// TLSInfo is what a probe reports of a TLS connection.
type TLSInfo struct {
	// Version is the negotiated protocol, e.g. "TLS 1.3".
	Version string
	// CertExpiry is the earliest NotAfter of the verified chain (of the
	// peer's certificates when no chain was verified).
	CertExpiry time.Time
}

// tlsInfo summarises a connection state; nil for none.
func tlsInfo(cs *tls.ConnectionState) *TLSInfo {
	if cs == nil {
		return nil
	}
	info := &TLSInfo{Version: tls.VersionName(cs.Version)}
	certs := cs.PeerCertificates
	if len(cs.VerifiedChains) > 0 {
		certs = cs.VerifiedChains[0]
	}
	for _, c := range certs {
		if info.CertExpiry.IsZero() || c.NotAfter.Before(info.CertExpiry) {
			info.CertExpiry = c.NotAfter
		}
	}
	return info
}
