package linkcheck

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	"gongkai/crawler/fetch"
	"gongkai/crawler/htmlfacts"
	"gongkai/crawler/snapshot"
)

// transportResult is the verdict for a request that got no HTTP answer.
func transportResult(err error) Result {
	st := fetch.Classify(err)
	return Result{
		Status: st,
		Error:  err.Error(),
		// The guard's refusal and the site's spent byte budget say
		// nothing of the link.
		Dead: st != snapshot.StatusPrivate && st != snapshot.StatusSiteTooLarge,
	}
}

// judge turns one fetch outcome for u into a verdict. It may request the
// host's missing-page baseline (once per host) to recognise soft 404s.
func (c *Checker) judge(ctx context.Context, u *url.URL, resp *fetch.Response, err error) Result {
	if err != nil || resp == nil {
		if err == nil {
			err = fmt.Errorf("fetch %s: no response", u)
		}
		r := transportResult(err)
		r.Attempts = countAttempts(resp, err)
		return r
	}
	r := Result{HTTPStatus: resp.Status, FinalURL: resp.FinalURL, Attempts: resp.Attempts, Status: snapshot.StatusOK}
	body := resp.Body
	if c.maxBody > 0 && int64(len(body)) > c.maxBody {
		body = body[:c.maxBody]
	}
	if resp.Status >= 400 {
		return c.judgeError(r, resp, body)
	}
	if resp.Status != http.StatusOK {
		return r
	}
	if reason := c.soft404(ctx, u, resp, body); reason != "" {
		r.Soft404, r.Error = true, reason
	}
	return r
}

// judgeError classifies a 4xx/5xx answer as blocked or dead.
func (c *Checker) judgeError(r Result, resp *fetch.Response, body []byte) Result {
	b := c.data.Block
	maySign := slices.Contains(b.Statuses, resp.Status)
	if maySign {
		if sig := bodySignature(body, b); sig != "" {
			return blockedResult(r, "body "+sig)
		}
	}
	if isHTML(resp.ContentType, body) {
		title, text := PageText(body)
		if p := c.notFoundPhrase(title, text); p != "" {
			return deadResult(r, fmt.Sprintf("http %d: page says %q", resp.Status, p))
		}
	}
	if maySign {
		if sig := headerSignature(resp.Header, b.Headers); sig != "" {
			return blockedResult(r, "header "+sig)
		}
	}
	if slices.Contains(b.Bare, resp.Status) {
		return blockedResult(r, "refused without a missing-page answer")
	}
	return deadResult(r, fmt.Sprintf("http %d", resp.Status))
}

// blockedResult marks r blocked with the evidence why.
func blockedResult(r Result, why string) Result {
	r.Status, r.Blocked = snapshot.StatusBlocked, true
	r.Error = fmt.Sprintf("http %d blocked: %s", r.HTTPStatus, why)
	return r
}

// deadResult marks r dead by HTTP status.
func deadResult(r Result, why string) Result {
	r.Status, r.Dead, r.Error = snapshot.StatusHTTPError, true, why
	return r
}

// soft404 returns why a 200 answer is a missing page, or "". A page is a
// missing page when it says so (a not-found phrase in its title or leading
// text, or in the leading text of its body without navigation and footer),
// when it is a short page with a not-found word (its body at most
// short_body characters), when it redirects where this host sends a random
// missing path, or when it is a near-duplicate of that answer (a similar
// title and the same text).
func (c *Checker) soft404(ctx context.Context, u *url.URL, resp *fetch.Response, body []byte) string {
	final, err := url.Parse(resp.FinalURL)
	if err != nil || resp.FinalURL == "" {
		final = u
	}
	isPage := isHTML(resp.ContentType, body) && len(body) > 0
	var title, text, main string
	if isPage {
		title, text = PageText(body)
		if p := c.notFoundPhrase(title, text); p != "" {
			return fmt.Sprintf("soft 404: page says %q", p)
		}
		if c.mayBeMissing(title, text) {
			main = mainText(final.String(), body)
			if why := c.notFoundShape(title, main); why != "" {
				return why
			}
		}
	}
	toHome := len(resp.Redirects) > 0 && c.isHome(final.Path) && !c.isHome(u.Path)
	if !toHome && (!isPage || c.isHome(final.Path)) {
		return ""
	}
	base := c.baseline(ctx, u)
	switch {
	case base == nil:
		return ""
	case base.kind == baseHome && toHome:
		return "soft 404: redirects to the homepage like a missing page of this host"
	case base.target != "" && len(resp.Redirects) > 0 && resp.FinalURL == base.target:
		return "soft 404: redirects where this host sends missing pages (" + base.target + ")"
	case base.kind == basePage && isPage && !c.isHome(final.Path):
		return c.likeBaseline(base, final.String(), body, title, text, main)
	}
	return ""
}

// likeBaseline reports a page that is the host's missing-page answer again:
// the same title and visible text, or a similar title (one that names the
// requested path) and the same body text (without navigation and footer;
// the visible text when the answer has no body text).
func (c *Checker) likeBaseline(base *baseline, pageURL string, body []byte, title, text, main string) string {
	cmp := c.data.compare
	st := cmp.Strip(title)
	if st == base.title {
		if sim := shingles(c.seed, cmp.Strip(text)).jaccard(base.text); sim >= cmp.Threshold() {
			return fmt.Sprintf("soft 404: same as this host's missing-page answer (similarity %.2f)", sim)
		}
	}
	if shingles(c.seed, st).jaccard(shingles(c.seed, base.title)) < c.data.Soft404.TitleSimilarity {
		return ""
	}
	var sim float64
	if base.main == nil {
		sim = shingles(c.seed, cmp.Strip(text)).jaccard(base.text)
	} else {
		if main == "" {
			main = mainText(pageURL, body)
		}
		sim = shingles(c.seed, cmp.Strip(main)).jaccard(base.main)
	}
	if sim < cmp.Threshold() {
		return ""
	}
	return fmt.Sprintf("soft 404: near-duplicate of this host's missing-page answer (similar title, text similarity %.2f)", sim)
}

// notFoundPhrase returns the not-found phrase in the title or the leading
// visible text, or "".
func (c *Checker) notFoundPhrase(title, text string) string {
	if w := c.data.Soft404.TextWindow; len(text) > w {
		text = text[:w]
	}
	return c.data.match.phrases.first(title, " ", text)
}

// mayBeMissing reports a page whose title or text holds a not-found phrase
// or word anywhere: only such pages are worth reading for their body.
func (c *Checker) mayBeMissing(title, text string) bool {
	return c.data.match.missing.first(title, " ", text) != ""
}

// notFoundShape returns why a page whose body (main, without navigation
// and footer) says it is missing is a soft 404: a not-found phrase in the
// body's leading text, or a short body with a not-found word in it or the
// title. A long page mentioning such a word is an article.
func (c *Checker) notFoundShape(title, main string) string {
	s := c.data.Soft404
	lead := main
	if len(lead) > s.TextWindow {
		lead = lead[:s.TextWindow]
	}
	if p := c.data.match.phrases.first(lead); p != "" {
		return fmt.Sprintf("soft 404: page body says %q", p)
	}
	if utf8.RuneCountInString(main) > s.ShortBody {
		return ""
	}
	if w := c.data.match.shape.first(title, " ", main); w != "" {
		return fmt.Sprintf("soft 404: short page (%d characters) saying %q", utf8.RuneCountInString(main), w)
	}
	return ""
}

// mainText returns the visible text of a page without its navigation and
// footer (crawler/htmlfacts), or "" when it cannot be read.
func mainText(pageURL string, body []byte) string {
	f, err := htmlfacts.Extract(pageURL, body)
	if err != nil {
		return ""
	}
	return f.Text
}

// isHome reports whether path is a homepage path.
func (c *Checker) isHome(path string) bool {
	if path == "" {
		path = "/"
	}
	return slices.Contains(c.data.Soft404.HomePaths, strings.ToLower(path))
}

// isHTML reports whether a response is an HTML document.
func isHTML(contentType string, body []byte) bool {
	ct := strings.ToLower(contentType)
	if ct != "" {
		return strings.Contains(ct, "html")
	}
	return strings.HasPrefix(strings.TrimSpace(string(body[:min(len(body), 512)])), "<")
}

// bodySignature returns the challenge signature found in the leading body.
func bodySignature(body []byte, b BlockData) string {
	if len(body) > b.BodyWindow {
		body = body[:b.BodyWindow]
	}
	return firstPhrase(strings.ToLower(string(body)), b.Body)
}

// headerSignature returns "Name: value" of the first header matching sigs.
func headerSignature(h http.Header, sigs []HeaderSignature) string {
	for _, name := range slices.Sorted(maps.Keys(h)) {
		values, lname := h[name], strings.ToLower(name)
		for _, s := range sigs {
			if s.NamePrefix != "" && strings.HasPrefix(lname, s.NamePrefix) {
				return name
			}
			if s.Name == "" || !strings.EqualFold(s.Name, name) {
				continue
			}
			for _, v := range values {
				if firstPhrase(strings.ToLower(v), s.Contains) != "" {
					return name + ": " + v
				}
			}
		}
	}
	return ""
}
