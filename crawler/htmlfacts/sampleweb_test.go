package htmlfacts_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"

	"gongkai/crawler/htmlfacts"
	"gongkai/crawler/sampleweb"
)

// TestSampleWebHanwebStores crawls the sample web's GBK Hanweb site (its
// column lists are <script type="text/xml"> data stores) and checks that
// every record of every list page becomes an item.
func TestSampleWebHanwebStores(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the sample web")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	web, err := sampleweb.Start(ctx, sampleweb.Config{AsOf: time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	defer web.Close()
	var home string
	for _, s := range web.Sites {
		if s.ID == "gbk" {
			home = s.URL
		}
	}
	if home == "" {
		t.Fatal("no gbk site in the sample web")
	}
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{DialContext: web.Dialer()}}
	hu, _ := url.Parse(home)
	seen := map[string]bool{home: true}
	queue := []string{home}
	stores, records := 0, 0
	for len(queue) > 0 && len(seen) < 400 {
		u := queue[0]
		queue = queue[1:]
		body := get(ctx, t, client, u)
		if body == nil {
			continue
		}
		f, err := htmlfacts.Extract(u, body)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(body, []byte(`<script type="text/xml">`)) {
			stores++
			n := bytes.Count(body, []byte("<record>"))
			records += n
			if len(f.Items) != n {
				t.Errorf("%s: %d items from %d data store records: %+v", u, len(f.Items), n, f.Items)
			}
		}
		for _, a := range f.Anchors {
			au, err := url.Parse(a.URL)
			if a.Tag != "a" || err != nil || au.Host != hu.Host || seen[a.URL] || urlsAttachment(au.Path) {
				continue
			}
			seen[a.URL] = true
			queue = append(queue, a.URL)
		}
	}
	if stores == 0 || records == 0 {
		t.Fatalf("crawled %d pages and met no data store list", len(seen))
	}
	t.Logf("%d pages, %d data store lists, %d records", len(seen), stores, records)
}

func urlsAttachment(p string) bool {
	for _, ext := range []string{".pdf", ".doc", ".docx", ".xls", ".xlsx", ".zip", ".rar", ".jpg", ".png", ".gif", ".css", ".js"} {
		if strings.HasSuffix(strings.ToLower(p), ext) {
			return true
		}
	}
	return false
}

// get fetches an HTML page and decodes GBK bodies; nil for anything else.
func get(ctx context.Context, t *testing.T, c *http.Client, u string) []byte {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("get %s: %v", u, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 8<<20))
	if err != nil {
		t.Fatalf("read %s: %v", u, err)
	}
	if resp.StatusCode != http.StatusOK || !strings.Contains(resp.Header.Get("Content-Type"), "html") {
		return nil
	}
	if !utf8.Valid(body) {
		if body, err = simplifiedchinese.GBK.NewDecoder().Bytes(body); err != nil {
			t.Fatalf("decode %s: %v", u, err)
		}
	}
	return body
}
