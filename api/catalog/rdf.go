package catalog

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// Namespaces of the DCAT-AP 3 vocabulary used.
var prefixes = []struct{ prefix, ns string }{
	{"dcat", "http://www.w3.org/ns/dcat#"},
	{"dct", "http://purl.org/dc/terms/"},
	{"foaf", "http://xmlns.com/foaf/0.1/"},
	{"vcard", "http://www.w3.org/2006/vcard/ns#"},
	{"spdx", "http://spdx.org/rdf/terms#"},
	{"xsd", "http://www.w3.org/2001/XMLSchema#"},
	{"rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"},
	{"adms", "http://www.w3.org/ns/adms#"},
}

// term is an RDF node: an IRI, a blank node (_:label) or a literal with
// an optional language or datatype (a prefixed name such as xsd:date).
type term struct {
	iri, blank       string
	lit, lang, type_ string
	isLit            bool
}

func iri(s string) term             { return term{iri: s} }
func blank(s string) term           { return term{blank: s} }
func text(s, lang string) term      { return term{lit: s, lang: lang, isLit: true} }
func typed(s, datatype string) term { return term{lit: s, type_: datatype, isLit: true} }
func plain(s string) term           { return term{lit: s, isLit: true} }
func integer(n int64) term          { return typed(fmt.Sprint(n), "xsd:nonNegativeInteger") }
func dateTime(t time.Time) term     { return typed(t.UTC().Format(time.RFC3339), "xsd:dateTime") }
func mediaTypeIRI(mediaType string) term {
	return iri("https://www.iana.org/assignments/media-types/" + mediaType)
}

// triple is one statement; the predicate is a prefixed name.
type triple struct {
	s term
	p string
	o term
}

// expand turns a prefixed name (dcat:Dataset) into a full IRI.
func expand(name string) string {
	p, local, ok := strings.Cut(name, ":")
	if ok {
		for _, x := range prefixes {
			if x.prefix == p {
				return x.ns + local
			}
		}
	}
	return name
}

// fileTypes maps formats to the EU file-type authority table.
var fileTypes = map[string]string{
	"Parquet": "http://publications.europa.eu/resource/authority/file-type/PARQUET",
	"CSV":     "http://publications.europa.eu/resource/authority/file-type/CSV",
	"Arrow":   "http://publications.europa.eu/resource/authority/file-type/BIN",
}

// triples states the catalog in DCAT-AP 3.
func (c *Catalog) triples() []triple {
	var out []triple
	add := func(s term, p string, o term) { out = append(out, triple{s, p, o}) }
	cat := iri(c.BaseURL + "/catalog")
	pub := iri(c.BaseURL + "/#publisher")
	lic := iri(c.License.Path)
	contact := blank("contact")
	add(cat, "rdf:type", iri(expand("dcat:Catalog")))
	add(cat, "dct:title", text(c.Title, "en"))
	add(cat, "dct:description", text(c.Description, "en"))
	add(cat, "dct:publisher", pub)
	add(cat, "dct:license", lic)
	add(cat, "dct:modified", dateTime(c.Modified))
	add(cat, "foaf:homepage", iri(c.BaseURL+"/"))
	add(pub, "rdf:type", iri(expand("foaf:Agent")))
	add(pub, "foaf:name", plain(c.Publisher.Name))
	add(lic, "rdf:type", iri(expand("dct:LicenseDocument")))
	add(lic, "dct:title", plain(c.License.Title))
	add(contact, "rdf:type", iri(expand("vcard:Kind")))
	add(contact, "vcard:fn", plain(c.Publisher.Name))
	if c.Publisher.Email != "" {
		add(contact, "vcard:hasEmail", iri("mailto:"+c.Publisher.Email))
	}
	for _, d := range c.Datasets {
		ds := iri(c.BaseURL + "/datasets#" + d.Table)
		add(cat, "dcat:dataset", ds)
		add(ds, "rdf:type", iri(expand("dcat:Dataset")))
		add(ds, "dct:identifier", plain(d.ID))
		add(ds, "dct:title", text(d.Title, "en"))
		add(ds, "dct:title", text(d.TitleZh, "zh"))
		add(ds, "dct:description", text(d.Description, "en"))
		add(ds, "dct:description", text(d.DescZh, "zh"))
		for _, k := range c.Keywords {
			add(ds, "dcat:keyword", plain(k))
		}
		add(ds, "dct:publisher", pub)
		add(ds, "dcat:contactPoint", contact)
		add(ds, "dct:modified", dateTime(c.Modified))
		add(ds, "dcat:version", plain(c.ReleaseID))
		add(ds, "dcat:landingPage", iri(d.LandingPage))
		add(ds, "dct:conformsTo", iri(d.SchemaURL))
		if c.AsOf != "" {
			period := blank("period-" + d.Table)
			add(ds, "dct:temporal", period)
			add(period, "rdf:type", iri(expand("dct:PeriodOfTime")))
			add(period, "dcat:startDate", typed(c.AsOf, "xsd:date"))
			add(period, "dcat:endDate", typed(c.AsOf, "xsd:date"))
		}
		for _, dist := range d.Distributions {
			out = append(out, c.distributionTriples(ds, d, dist, lic)...)
		}
	}
	add(iri(c.Datasets[0].SchemaURL), "rdf:type", iri(expand("dct:Standard")))
	return out
}

func (c *Catalog) distributionTriples(ds term, d Dataset, dist Distribution, lic term) []triple {
	var out []triple
	add := func(s term, p string, o term) { out = append(out, triple{s, p, o}) }
	di := iri(c.BaseURL + "/datasets#" + d.Table + "-" + dist.Key)
	add(ds, "dcat:distribution", di)
	add(di, "rdf:type", iri(expand("dcat:Distribution")))
	add(di, "dct:title", text(dist.Title, "en"))
	add(di, "dct:title", text(dist.TitleZh, "zh"))
	add(di, "dcat:accessURL", iri(d.LandingPage))
	add(di, "dcat:downloadURL", iri(dist.DownloadURL))
	add(di, "dcat:mediaType", mediaTypeIRI(dist.MediaType))
	if ft, ok := fileTypes[dist.Format]; ok {
		add(di, "dct:format", iri(ft))
	}
	if dist.Compression != "" {
		add(di, "dcat:compressFormat", mediaTypeIRI(dist.Compression))
	}
	add(di, "dct:license", lic)
	add(di, "dct:modified", dateTime(c.Modified))
	add(di, "dct:conformsTo", iri(d.SchemaURL))
	if dist.Bytes > 0 {
		add(di, "dcat:byteSize", integer(dist.Bytes))
	}
	if dist.SHA256 != "" {
		cs := blank("checksum-" + d.Table + "-" + dist.Key)
		add(di, "spdx:checksum", cs)
		add(cs, "rdf:type", iri(expand("spdx:Checksum")))
		add(cs, "spdx:algorithm", iri(expand("spdx:checksumAlgorithm_sha256")))
		add(cs, "spdx:checksumValue", typed(dist.SHA256, "xsd:hexBinary"))
	}
	return out
}

// Turtle returns the catalog as Turtle.
func (c *Catalog) Turtle() []byte {
	var b strings.Builder
	for _, x := range prefixes {
		fmt.Fprintf(&b, "@prefix %s: <%s> .\n", x.prefix, x.ns)
	}
	ts := c.triples()
	var subjects []term
	bySubject := map[term][]triple{}
	for _, t := range ts {
		if _, ok := bySubject[t.s]; !ok {
			subjects = append(subjects, t.s)
		}
		bySubject[t.s] = append(bySubject[t.s], t)
	}
	for _, s := range subjects {
		b.WriteString("\n" + turtleTerm(s))
		for i, t := range bySubject[s] {
			sep := " ;\n    "
			if i == 0 {
				sep = "\n    "
			}
			pred := t.p
			if pred == "rdf:type" {
				pred = "a"
			}
			b.WriteString(sep + pred + " " + turtleTerm(t.o))
		}
		b.WriteString(" .\n")
	}
	return []byte(b.String())
}

// turtleTerm writes a term in Turtle syntax.
func turtleTerm(t term) string {
	switch {
	case t.blank != "":
		return "_:" + t.blank
	case !t.isLit:
		return "<" + escapeIRI(t.iri) + ">"
	}
	s := `"` + escapeString(t.lit) + `"`
	switch {
	case t.lang != "":
		return s + "@" + t.lang
	case t.type_ != "":
		return s + "^^" + t.type_
	}
	return s
}

// escapeString escapes a Turtle string literal (ECHAR).
func escapeString(s string) string {
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\r", `\r`, "\t", `\t`).Replace(s)
}

// escapeIRI escapes the characters an IRIREF may not hold.
func escapeIRI(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r <= 0x20 || strings.ContainsRune(`<>"{}|^`+"`"+`\`, r) {
			fmt.Fprintf(&b, "%%%02X", r)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// JSONLD returns the catalog as JSON-LD: an inline @context (nothing to
// fetch) and a @graph with one node per subject, stated from the same
// triples as the Turtle.
func (c *Catalog) JSONLD() ([]byte, error) {
	ctx := map[string]any{}
	for _, x := range prefixes {
		ctx[x.prefix] = x.ns
	}
	nodes := map[string]map[string]any{}
	var order []string
	for _, t := range c.triples() {
		id := nodeID(t.s)
		n := nodes[id]
		if n == nil {
			n = map[string]any{"@id": id}
			nodes[id] = n
			order = append(order, id)
		}
		key, val := t.p, jsonldValue(t.o)
		if t.p == "rdf:type" {
			key, val = "@type", t.o.iri
		}
		switch prev := n[key].(type) {
		case nil:
			n[key] = val
		case []any:
			n[key] = append(prev, val)
		default:
			n[key] = []any{prev, val}
		}
	}
	graph := make([]any, 0, len(order))
	for _, id := range order {
		graph = append(graph, nodes[id])
	}
	return json.MarshalIndent(map[string]any{"@context": ctx, "@graph": graph}, "", "  ")
}

func nodeID(t term) string {
	if t.blank != "" {
		return "_:" + t.blank
	}
	return t.iri
}

func jsonldValue(t term) any {
	switch {
	case t.blank != "":
		return map[string]any{"@id": "_:" + t.blank}
	case !t.isLit:
		return map[string]any{"@id": t.iri}
	case t.lang != "":
		return map[string]any{"@value": t.lit, "@language": t.lang}
	case t.type_ != "":
		return map[string]any{"@value": t.lit, "@type": expand(t.type_)}
	}
	return t.lit
}
