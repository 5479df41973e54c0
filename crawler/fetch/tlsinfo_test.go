package fetch

import (
	"crypto/x509"
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestTLSInfo: a response over TLS says which version was negotiated and
// when the first certificate of its chain expires; plain HTTP says nothing.
func TestTLSInfo(t *testing.T) {
	s := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	t.Cleanup(s.Close)
	pool := x509.NewCertPool()
	pool.AddCert(s.Certificate())
	c := newTestClient(t, Config{AllowPrivate: true, RootCAs: pool})
	resp, err := c.Fetch(t.Context(), Request{URL: s.URL})
	if err != nil {
		t.Fatal(err)
	}
	if resp.TLS == nil || resp.TLS.Version != "TLS 1.3" || !resp.TLS.CertExpiry.Equal(s.Certificate().NotAfter) {
		t.Errorf("TLS = %+v, want TLS 1.3 expiring %v", resp.TLS, s.Certificate().NotAfter)
	}
	h := serve(t, func(http.ResponseWriter, *http.Request) {})
	resp, err = c.Fetch(t.Context(), Request{URL: h.URL})
	if err != nil || resp.TLS != nil {
		t.Errorf("plain HTTP: TLS = %+v, %v", resp.TLS, err)
	}
}
