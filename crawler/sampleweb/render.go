package sampleweb

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"strings"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
)

//go:embed templates/*.html
var templateFS embed.FS

// renderer executes the page templates. It is safe for concurrent use.
type renderer struct{ t *template.Template }

func newRenderer() (*renderer, error) {
	t, err := template.New("sampleweb").Funcs(template.FuncMap{
		"inc":       func(i int) int { return i + 1 },
		"comment":   func(s string) template.HTML { return template.HTML("<!--" + s + "-->") },
		"datastore": datastore,
	}).ParseFS(templateFS, "templates/*.html")
	if err != nil {
		return nil, fmt.Errorf("parse templates: %w", err)
	}
	return &renderer{t: t}, nil
}

// exec runs one named template.
func (r *renderer) exec(name string, data any) (template.HTML, error) {
	var b bytes.Buffer
	if err := r.t.ExecuteTemplate(&b, name, data); err != nil {
		return "", fmt.Errorf("render %s: %w", name, err)
	}
	return template.HTML(b.String()), nil
}

// styled runs the style's own template for kind when it has one, else the
// shared one.
func (r *renderer) styled(style, kind string, data any) (template.HTML, error) {
	if r.t.Lookup(style+"."+kind) != nil {
		return r.exec(style+"."+kind, data)
	}
	return r.exec(kind, data)
}

// document renders a full page: the body of kind inside the style's layout.
func (r *renderer) document(style, kind string, body any, l *layoutData) ([]byte, error) {
	main, err := r.styled(style, kind, body)
	if err != nil {
		return nil, err
	}
	l.Main = main
	out, err := r.exec(style+".layout", l)
	if err != nil {
		return nil, err
	}
	return []byte(out), nil
}

// encodeGBK re-encodes UTF-8 HTML as GBK; characters GBK lacks become
// numeric character references, as real CMSs do.
func encodeGBK(b []byte) ([]byte, error) {
	out, err := encoding.HTMLEscapeUnsupported(simplifiedchinese.GBK.NewEncoder()).Bytes(b)
	if err != nil {
		return nil, fmt.Errorf("encode gbk: %w", err)
	}
	return out, nil
}

// datastore is the record store of a Hanweb list: each record's markup sits
// in a CDATA section of a <script type="text/xml">, which html/template
// cannot write itself.
func datastore(items []linkView) template.HTML {
	var b strings.Builder
	b.WriteString("<datastore>\n<nextgroup><![CDATA[]]></nextgroup>\n<recordset>\n")
	for _, it := range items {
		t := template.HTMLEscapeString(it.Text)
		fmt.Fprintf(&b, "<record><![CDATA[\n<table width=\"100%%\" border=\"0\" cellspacing=\"0\" cellpadding=\"0\"><tr><td class=\"list_dot\">·</td>"+
			"<td><a href=\"%s\" title=\"%s\" target=\"_blank\">%s</a></td><td width=\"90\" class=\"bt_time\">%s</td></tr></table>\n]]></record>\n",
			template.HTMLEscapeString(it.URL), t, t, template.HTMLEscapeString(it.Date))
	}
	b.WriteString("</recordset>\n</datastore>")
	return template.HTML(b.String())
}
