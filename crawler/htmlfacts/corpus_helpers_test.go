package htmlfacts

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
)

// labels mirrors testdata/corpus/labels.json (the fields the tests use).
type labels struct {
	Pages []labelledPage `json:"pages"`
}

type labelledPage struct {
	File   string `json:"file"`
	Source struct {
		SHA256 string `json:"sha256"`
	} `json:"source"`
	Type          string     `json:"type"`
	SiteHost      string     `json:"site_host"`
	Title         string     `json:"title"`
	Doc           *docLabels `json:"doc"`
	PlatformParts []string   `json:"platform_parts"`
	ListItems     *[]struct {
		Title string  `json:"title"`
		Date  *string `json:"date"`
	} `json:"list_items"`
	Identifiers struct {
		SiteIDCode *string `json:"site_id_code"`
		ICP        *string `json:"icp"`
		Police     *string `json:"police"`
	} `json:"identifiers"`
	Notes string `json:"notes"`
}

type docLabels struct {
	IndexNumber       *string `json:"index_number"`
	DocNumber         *string `json:"doc_number"`
	Issuer            *string `json:"issuer"`
	WrittenDate       *string `json:"written_date"`
	PublishedDate     *string `json:"published_date"`
	Validity          *string `json:"validity"`
	Topic             *string `json:"topic"`
	HasMetadataHeader bool    `json:"has_metadata_header"`
}

func loadLabels(t testing.TB) labels {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "corpus", "labels.json"))
	if err != nil {
		t.Fatal(err)
	}
	var l labels
	if err := json.Unmarshal(b, &l); err != nil {
		t.Fatal(err)
	}
	if len(l.Pages) == 0 {
		t.Fatal("labels.json lists no pages")
	}
	return l
}

// pageURL is where a corpus page was fetched from: the URL its notes give,
// else the site's root.
func pageURL(p labelledPage) string {
	for _, f := range strings.Fields(p.Notes) {
		f = strings.TrimRight(strings.Trim(f, "(),;'"), ".),;'")
		if strings.HasPrefix(f, "http://"+p.SiteHost+"/") && strings.Contains(f, ".") && !strings.HasSuffix(f, "/") {
			return f
		}
	}
	return "http://" + p.SiteHost + "/"
}

// corpusBody reads a corpus page and decodes it to UTF-8. All 16 pages of
// the development split are UTF-8 (cfda_recall_list declares gb2312 but
// was saved as UTF-8, see its notes), so valid UTF-8 is taken as is and only
// other bytes go through charset.DetermineEncoding. The real decoder lives
// in crawler/fetch.
func corpusBody(t testing.TB, p labelledPage) []byte {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", "corpus", p.File))
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(raw)
	if got := hex.EncodeToString(sum[:]); got != p.Source.SHA256 {
		t.Fatalf("%s: sha256 %s, labels say %s: the copy is not byte-identical", p.File, got, p.Source.SHA256)
	}
	if utf8.Valid(raw) {
		return raw
	}
	enc, name, _ := charset.DetermineEncoding(raw, "text/html")
	out, err := enc.NewDecoder().Bytes(raw)
	if err != nil {
		t.Fatalf("%s: decode %s: %v", p.File, name, err)
	}
	return out
}

func extractCorpus(t testing.TB, p labelledPage) Facts {
	t.Helper()
	f, err := Extract(pageURL(p), corpusBody(t, p))
	if err != nil {
		t.Fatalf("%s: %v", p.File, err)
	}
	return f
}

func mustURL(t testing.TB, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}
