package urls

import (
	"net"
	"net/url"
	"path"
	"strings"

	"golang.org/x/net/publicsuffix"
)

// RegistrableDomain returns the eTLD+1 of host using the public suffix list
// (gov.cn is a public suffix, so xxgk.ga.gov.cn -> ga.gov.cn). host may carry
// a port and IPv6 brackets; both are stripped, and the result is lower-case
// without a trailing dot. IP literals (without brackets), single-label hosts
// (localhost) and hosts that are themselves public suffixes return
// themselves.
func RegistrableDomain(host string) string {
	h := strings.TrimSuffix(strings.ToLower(hostOnly(host)), ".")
	if h == "" {
		return ""
	}
	if net.ParseIP(strings.SplitN(h, "%", 2)[0]) != nil || !strings.Contains(h, ".") {
		return h
	}
	d, err := publicsuffix.EffectiveTLDPlusOne(h)
	if err != nil {
		return h
	}
	return d
}

// hostOnly strips a port and IPv6 brackets from host.
func hostOnly(host string) string {
	host = strings.TrimSpace(host)
	if strings.HasPrefix(host, "[") {
		if i := strings.IndexByte(host, ']'); i > 0 {
			return host[1:i]
		}
		return strings.Trim(host, "[]")
	}
	if strings.Count(host, ":") == 1 {
		h, _, _ := strings.Cut(host, ":")
		return h
	}
	return host // bare IPv6 literal or plain name
}

// SameSite reports whether two absolute URLs share a registrable domain.
// Unparsable or host-less URLs are never the same site.
func SameSite(a, b string) bool {
	ua, err := url.Parse(strings.TrimSpace(a))
	if err != nil || ua.Host == "" {
		return false
	}
	ub, err := url.Parse(strings.TrimSpace(b))
	if err != nil || ub.Host == "" {
		return false
	}
	da := RegistrableDomain(ua.Host)
	return da != "" && da == RegistrableDomain(ub.Host)
}

// isAttachmentExt reports the extensions of downloadable documents gov
// sites attach to notices: office formats (including WPS and OFD), archives,
// PDF and CSV. Plain .txt is deliberately not an attachment.
func isAttachmentExt(ext string) bool {
	switch strings.ToLower(ext) {
	case "pdf", "doc", "docx", "xls", "xlsx", "wps", "et", "dps", "ofd",
		"zip", "rar", "7z", "ppt", "pptx", "csv":
		return true
	}
	return false
}

// IsAttachment reports whether the URL path names a downloadable document:
// pdf, doc, docx, xls, xlsx, wps, et, dps, ofd, zip, rar, 7z, ppt, pptx or
// csv (case-insensitive). Query strings are ignored.
func IsAttachment(u string) bool {
	p := u
	if pu, err := url.Parse(strings.TrimSpace(u)); err == nil {
		p = pu.Path
	} else if i := strings.IndexAny(p, "?#"); i >= 0 {
		p = p[:i]
	}
	ext := path.Ext(p)
	if len(ext) < 2 {
		return false
	}
	return isAttachmentExt(ext[1:])
}
