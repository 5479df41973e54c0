package htmlfacts

import (
	"encoding/json"
	"html"
	"strings"
	"unicode"
)

// Some templates ship a page's labelled values as a JSON data store the
// page script renders: a <script type="application/json"> block, or a
// literal assigned in a script (var guide = {"事项名称": "…", …}, or a list
// of {"name": "受理条件", "value": "…"} records). The values are read as
// labelled blocks, as if the script had rendered them: an object key that
// is a label (事项名称) labels its value, and a record with a name field and
// a value field labels the one with the other. Keys that are not words
// (ids, pinyin abbreviations) are left alone.

// JSON store bounds over one document.
const (
	maxJSONBytes    = 256 << 10 // script bytes searched for JSON literals
	maxJSONLiterals = 8         // literals decoded per script
	maxJSONNodes    = 4000      // values visited per document
)

// Field names of a {name, value} record, lower-cased.
var (
	jsonNameKeys  = []string{"name", "label", "title", "key", "fieldname", "field", "itemname", "k", "lable"}
	jsonValueKeys = []string{"value", "content", "val", "v", "text", "desc", "data", "info"}
)

// jsonStore reads the JSON literals of a script's text as labelled blocks.
func (w *walker) jsonStore(typ, text string) {
	if len(text) > maxJSONBytes {
		text = text[:maxJSONBytes]
	}
	if strings.Contains(strings.ToLower(typ), "json") {
		w.jsonLiteral(text)
		return
	}
	for tries, from := 0, 0; tries < maxJSONLiterals; tries++ {
		i := strings.Index(text[from:], "{\"")
		if i < 0 {
			return
		}
		at := from + i
		from = at + 2
		prev := strings.TrimRight(text[:at], " \t\r\n[")
		if prev == "" || !strings.ContainsRune("=(:,", rune(prev[len(prev)-1])) {
			continue
		}
		if at > 0 && text[at-1] == '[' {
			at--
		}
		if n := w.jsonLiteral(text[at:]); n > 0 {
			from = at + n
		}
	}
}

// jsonLiteral decodes the JSON value at the start of s and records its
// labelled values; it returns the bytes read (0 when s is not JSON).
func (w *walker) jsonLiteral(s string) int {
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return 0
	}
	w.jsonValue(v)
	return int(dec.InputOffset())
}

// jsonValue records the labelled values of one decoded value.
func (w *walker) jsonValue(v any) {
	if w.store.jsonNodes >= maxJSONNodes {
		return
	}
	w.store.jsonNodes++
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			w.jsonValue(e)
		}
	case map[string]any:
		if label, value, ok := jsonRecord(x); ok {
			w.addBlock(label, value)
		}
		for _, k := range sortedKeys(x) {
			if s, ok := jsonScalar(x[k]); ok {
				if label, lok := jsonLabel(k); lok && s != "" {
					w.addBlock(label, s)
				}
				continue
			}
			w.jsonValue(x[k])
		}
	}
}

// jsonRecord reads a {name: label, value: text} record.
func jsonRecord(m map[string]any) (string, string, bool) {
	var name, value string
	var haveName, haveValue bool
	for k, v := range m {
		lk := strings.ToLower(k)
		s, ok := jsonScalar(v)
		if !ok {
			continue
		}
		switch {
		case !haveName && contains(jsonNameKeys, lk):
			if l, lok := jsonLabel(s); lok {
				name, haveName = l, true
			}
		case !haveValue && contains(jsonValueKeys, lk):
			value, haveValue = s, true
		}
	}
	return name, value, haveName && haveValue
}

// jsonLabel reports a key or name that is a label: a short word with at
// least one CJK character.
func jsonLabel(s string) (string, bool) {
	rs := []rune(strings.TrimSpace(s))
	han := false
	for _, r := range rs {
		han = han || unicode.Is(unicode.Han, r)
	}
	if !han {
		return "", false
	}
	return normLabel(rs)
}

// jsonScalar returns a string or number as display text: markup stripped,
// entities decoded, white space collapsed.
func jsonScalar(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return collapse(html.UnescapeString(stripTags(x))), true
	case json.Number:
		return x.String(), true
	}
	return "", false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// sortedKeys returns the keys of m in order, so blocks come out the same
// on every run.
func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	for i := 1; i < len(keys); i++ {
		for j := i; j > 0 && keys[j] < keys[j-1]; j-- {
			keys[j], keys[j-1] = keys[j-1], keys[j]
		}
	}
	return keys
}
