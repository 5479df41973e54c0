package render

import (
	"errors"

	"gongkai/crawler/fetch"
	"gongkai/crawler/snapshot"
)

// ErrNoBrowser is returned by New when no Chromium executable is found.
var ErrNoBrowser = errors.New("chromium not found: install it with `apt-get install -y chromium fonts-noto-cjk`, or pass --render never")

// ErrRender is wrapped by the error of a render that failed in the
// browser: a crash or hang that persisted after one retry on a fresh
// browser, a crashed tab, or a page that could not be serialised in time.
var ErrRender = errors.New("render failed")

// ErrClosed is wrapped by the error of a render on a closed Renderer.
var ErrClosed = errors.New("renderer closed")

// Classify maps an error of Render or Screenshot to a snapshot status:
// render_error for failures of the browser, otherwise the status of the
// fetch error that stopped the main document (dns_error, refused, ...).
func Classify(err error) snapshot.Status {
	switch {
	case err == nil:
		return snapshot.StatusOK
	case errors.Is(err, ErrRender), errors.Is(err, ErrClosed):
		return snapshot.StatusRenderError
	default:
		return fetch.Classify(err)
	}
}

// docError is the fetch error that stopped a page's main document. It is
// final: no retry on another browser would change it.
type docError struct{ err error }

func (e *docError) Error() string { return e.err.Error() }
func (e *docError) Unwrap() error { return e.err }

// browserError is a failure that may be the browser's fault (crash, hang,
// lost connection). The renderer checks the browser and retries once.
type browserError struct {
	op  string
	err error
}

func (e *browserError) Error() string { return e.op + ": " + e.err.Error() }
func (e *browserError) Unwrap() error { return e.err }
