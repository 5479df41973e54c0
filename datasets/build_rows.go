package datasets

import (
	"gongkai/checks"
	"gongkai/crawler/snapshot"
)

func pageRow(site string, p *snapshot.Page, info checks.PageInfo) PageRow {
	return PageRow{
		SiteID: site, URL: p.URL, FinalURL: p.FinalURL, Depth: int64(p.Depth), Status: nonZero(int64(p.HTTPStatus)),
		CrawlStatus: string(p.Status), Error: p.Error, PageType: info.Type, TypeReason: info.TypeReason, ContentType: p.ContentType,
		Charset: p.Charset, Title: p.Title, PublishedAt: NullDay(info.PublishedAt), LastModified: p.LastModified,
		Rendered: p.Rendered, RenderReason: p.RenderReason, Bytes: p.Bytes, Redirects: nonNil(p.Redirects),
		Screenshot: p.Screenshot, FetchedAt: NullTimestamp(p.FetchedAt),
	}
}

// linkRow maps a link; soft404 is why the checks found it a missing page
// beyond the crawler's verdict (checks.Result.Soft404), or "".
func linkRow(site string, l *snapshot.Link, soft404 string) LinkRow {
	r := LinkRow{
		SiteID: site, URL: l.URL, FromURL: l.FromURL, Text: l.Text, Tag: l.Tag, Host: snapshot.HostName(l.URL),
		Internal: l.Internal, OnHomepage: l.OnHomepage, Level: int64(l.Level), Status: nonZero(int64(l.HTTPStatus)),
		CrawlStatus: string(l.Status), Verdict: verdict(l), Error: l.Error, FinalURL: l.FinalURL,
		Attempts: int64(l.Attempts), Dead: l.Dead, Soft404: l.Soft404, Blocked: l.Blocked,
		CheckedAt: NullTimestamp(l.CheckedAt),
	}
	if soft404 != "" && !l.Dead && !l.Soft404 && !l.Blocked {
		r.Soft404, r.Verdict, r.Error = true, VerdictSoft404, soft404
	}
	return r
}

// verdict sums up a link in one word, the strongest first.
func verdict(l *snapshot.Link) string {
	switch {
	case l.Dead:
		return VerdictDead
	case l.Soft404:
		return VerdictSoft404
	case l.Blocked:
		return VerdictBlocked
	case l.Status == snapshot.StatusNotChecked || l.Status == "":
		return VerdictNotChecked
	case l.Status == snapshot.StatusOK:
		return VerdictOK
	}
	return VerdictError
}

func scoreRow(site string, s checks.Score) ScoreRow {
	r := ScoreRow{SiteID: site, Veto: s.Veto, VetoRules: nonNil(s.VetoRules), Deductions: s.Deductions,
		Bonus: s.Bonus, Grade: s.Grade, RulesVersion: s.RulesVersion, AsOf: DayOf(s.AsOf),
		OutOf: s.OutOf, Errors: int64(s.Errors)}
	if validFloat(s.Score) {
		r.Score = ptrTo(s.Score)
	}
	return r
}

func probeRow(p snapshot.ProbeSample) ProbeRow {
	return ProbeRow{SiteID: p.SiteID, ProbedAt: Timestamp(p.At), Family: p.Family, Status: nonZero(int64(p.HTTPStatus)),
		CrawlStatus: string(p.Status), DurationMS: p.Duration.Milliseconds(), Error: p.Error}
}
