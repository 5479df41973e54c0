package render

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"syscall"
	"testing"

	"github.com/go-rod/rod/lib/proto"
	"github.com/ysmood/gson"

	"gongkai/crawler/fetch"
)

func TestCanon(t *testing.T) {
	for in, want := range map[string]string{
		"http://WWW.Example.gov.cn":           "http://www.example.gov.cn/",
		"HTTP://www.example.gov.cn/a#frag":    "http://www.example.gov.cn/a",
		"http://www.example.gov.cn/政务公开/?q=1": "http://www.example.gov.cn/%E6%94%BF%E5%8A%A1%E5%85%AC%E5%BC%80/?q=1",
	} {
		if got := canon(in); got != want {
			t.Errorf("canon(%q) = %q, want %q", in, got, want)
		}
	}
	// The browser's spelling of a URL and the fetch path's compare equal.
	if canon("http://www.example.gov.cn/%E6%94%BF%E5%8A%A1") != canon("http://www.example.gov.cn/政务") {
		t.Error("escaped and unescaped paths differ")
	}
}

func FuzzCanon(f *testing.F) {
	for _, s := range []string{"http://a.gov.cn", "https://a.gov.cn/x?y#z", "http://a/%zz", "http://[::1]:80/", "/rel", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := canon(s)
		if cc := canon(c); cc != c {
			t.Errorf("canon not idempotent: %q -> %q -> %q", s, c, cc)
		}
	})
}

func TestForwardHeaders(t *testing.T) {
	in := proto.NetworkHeaders{
		"User-Agent":      gson.New("Mozilla/5.0 HeadlessChrome"),
		"accept-encoding": gson.New("gzip, deflate, br, zstd"),
		"Accept-Language": gson.New("zh-CN"),
		"Referer":         gson.New("http://a.gov.cn/"),
	}
	h := forwardHeaders(in)
	if h.Get("User-Agent") != "" || h.Get("Accept-Encoding") != "" {
		t.Errorf("identity headers forwarded: %v", h)
	}
	if h.Get("Accept-Language") != "zh-CN" || h.Get("Referer") != "http://a.gov.cn/" {
		t.Errorf("headers lost: %v", h)
	}
}

func TestResponseHeaders(t *testing.T) {
	h := responseHeaders(http.Header{
		"Content-Encoding": {"gzip"}, "Content-Length": {"10"}, "Content-Type": {"text/html; charset=gbk"},
		"Set-Cookie": {"a=1", "b=2"},
	})
	if h.Get("Content-Encoding") != "" || h.Get("Content-Length") != "" {
		t.Errorf("wire headers kept: %v", h)
	}
	if h.Get("Content-Type") != "text/html; charset=gbk" || len(h["Set-Cookie"]) != 2 {
		t.Errorf("headers lost: %v", h)
	}
}

func TestFailReason(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want proto.NetworkErrorReason
	}{
		{fmt.Errorf("fetch: %w", &net.DNSError{Err: "no such host", Name: "x", IsNotFound: true}), proto.NetworkErrorReasonNameNotResolved},
		{fmt.Errorf("fetch: %w", syscall.ECONNREFUSED), proto.NetworkErrorReasonConnectionRefused},
		{fmt.Errorf("fetch: %w", context.DeadlineExceeded), proto.NetworkErrorReasonTimedOut},
		{fmt.Errorf("fetch: %w", context.Canceled), proto.NetworkErrorReasonAborted},
		{fmt.Errorf("fetch: %w", fetch.ErrTooManyRedirects), proto.NetworkErrorReasonFailed},
		{errors.New("something else"), proto.NetworkErrorReasonFailed},
	} {
		if got := failReason(tc.err); got != tc.want {
			t.Errorf("failReason(%v) = %s, want %s", tc.err, got, tc.want)
		}
	}
}
