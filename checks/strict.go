package checks

import (
	"fmt"
	"math"
	"reflect"
	"regexp"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// ParseError is a catalog error located in its file: "FILE:LINE: field X: msg".
type ParseError struct {
	File  string
	Line  int
	Field string // dotted path, e.g. rules[3].params.window_days
	Msg   string
}

// Error renders the error as "FILE:LINE: field X: message".
func (e *ParseError) Error() string {
	if e.Field == "" {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s:%d: field %s: %s", e.File, e.Line, e.Field, e.Msg)
}

// strictDecoder decodes yaml.v3 nodes into Go values by reflection, refusing
// unknown and duplicate keys, and reports every error with file, line and the
// dotted field path (yaml.v3's own KnownFields gives neither for nested nodes).
type strictDecoder struct {
	file   string
	budget *int // nodes left to visit: aliases cannot blow up the walk
}

// maxNodes bounds the nodes one catalog may expand to (aliases included).
const maxNodes = 1 << 20

func newStrictDecoder(file string) strictDecoder {
	n := maxNodes
	return strictDecoder{file: file, budget: &n}
}

func (d strictDecoder) errorf(n *yaml.Node, field, format string, args ...any) *ParseError {
	line := 0
	if n != nil {
		line = n.Line
	}
	return &ParseError{File: d.file, Line: line, Field: field, Msg: fmt.Sprintf(format, args...)}
}

var nodeType = reflect.TypeFor[yaml.Node]()

func (d strictDecoder) decode(n *yaml.Node, v reflect.Value, path string) error {
	if *d.budget--; *d.budget < 0 {
		return d.errorf(n, path, "catalog too large (more than %d nodes after alias expansion)", maxNodes)
	}
	for n.Kind == yaml.DocumentNode && len(n.Content) == 1 {
		n = n.Content[0]
	}
	if n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	if v.Type() == nodeType {
		v.Set(reflect.ValueOf(*n))
		return nil
	}
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return nil // leave the zero value (or default)
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		return d.decode(n, v.Elem(), path)
	case reflect.Struct:
		return d.decodeStruct(n, v, path)
	case reflect.Slice:
		return d.decodeSlice(n, v, path)
	case reflect.Map:
		return d.decodeMap(n, v, path)
	case reflect.Interface:
		var x any
		if err := n.Decode(&x); err != nil {
			return d.errorf(n, path, "%s", yamlMsg(err))
		}
		if x != nil {
			v.Set(reflect.ValueOf(x))
		}
		return nil
	}
	if n.Kind != yaml.ScalarNode {
		return d.errorf(n, path, "expected a single %s value, got a %s", v.Kind(), nodeKindName(n))
	}
	if err := n.Decode(v.Addr().Interface()); err != nil {
		return d.errorf(n, path, "%s", yamlMsg(err))
	}
	if v.CanFloat() && (math.IsNaN(v.Float()) || math.IsInf(v.Float(), 0)) {
		// .nan and .inf pass every range check (NaN compares false).
		return d.errorf(n, path, "%s is not a finite number", n.Value)
	}
	return nil
}

func (d strictDecoder) decodeStruct(n *yaml.Node, v reflect.Value, path string) error {
	if n.Kind != yaml.MappingNode {
		return d.errorf(n, path, "expected a mapping, got a %s", nodeKindName(n))
	}
	fields := map[string]int{}
	t := v.Type()
	for i := range t.NumField() {
		tag := strings.Split(t.Field(i).Tag.Get("yaml"), ",")[0]
		if tag != "" && tag != "-" && t.Field(i).IsExported() {
			fields[tag] = i
		}
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		name := join(path, k.Value)
		if seen[k.Value] {
			return d.errorf(k, name, "duplicate key")
		}
		seen[k.Value] = true
		idx, ok := fields[k.Value]
		if !ok {
			return d.errorf(k, name, "unknown field (known: %s)", strings.Join(sortedKeys(fields), ", "))
		}
		if err := d.decode(val, v.Field(idx), name); err != nil {
			return err
		}
	}
	return nil
}

func (d strictDecoder) decodeSlice(n *yaml.Node, v reflect.Value, path string) error {
	if n.Kind != yaml.SequenceNode {
		return d.errorf(n, path, "expected a list, got a %s", nodeKindName(n))
	}
	s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
	for i, c := range n.Content {
		if err := d.decode(c, s.Index(i), fmt.Sprintf("%s[%d]", path, i)); err != nil {
			return err
		}
	}
	v.Set(s)
	return nil
}

func (d strictDecoder) decodeMap(n *yaml.Node, v reflect.Value, path string) error {
	if n.Kind != yaml.MappingNode {
		return d.errorf(n, path, "expected a mapping, got a %s", nodeKindName(n))
	}
	if v.Type().Key().Kind() != reflect.String {
		return d.errorf(n, path, "internal: map key must be a string")
	}
	if v.IsNil() {
		v.Set(reflect.MakeMap(v.Type()))
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		name := join(path, k.Value)
		if v.MapIndex(reflect.ValueOf(k.Value).Convert(v.Type().Key())).IsValid() {
			return d.errorf(k, name, "duplicate key")
		}
		e := reflect.New(v.Type().Elem()).Elem()
		if err := d.decode(val, e, name); err != nil {
			return err
		}
		v.SetMapIndex(reflect.ValueOf(k.Value).Convert(v.Type().Key()), e)
	}
	return nil
}

// nodeAt follows a dotted path (keys and [i] indexes) from n and returns the
// deepest node found, so validation errors can point at a line.
func nodeAt(n *yaml.Node, path string) *yaml.Node {
	if n == nil {
		return nil
	}
	for n.Kind == yaml.DocumentNode && len(n.Content) == 1 {
		n = n.Content[0]
	}
	for _, part := range splitPath(path) {
		next := childNode(n, part)
		if next == nil {
			return n
		}
		n = next
	}
	return n
}

func childNode(n *yaml.Node, part string) *yaml.Node {
	if strings.HasPrefix(part, "[") {
		i := atoi(strings.Trim(part, "[]"))
		if n.Kind == yaml.SequenceNode && i >= 0 && i < len(n.Content) {
			return n.Content[i]
		}
		return nil
	}
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == part {
				return n.Content[i+1]
			}
		}
	}
	return nil
}

var pathPartRE = regexp.MustCompile(`\[[0-9]+\]|[^.\[\]]+`)

func splitPath(p string) []string { return pathPartRE.FindAllString(p, -1) }

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func nodeKindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "mapping"
	case yaml.SequenceNode:
		return "list"
	case yaml.ScalarNode:
		return "value " + fmt.Sprintf("%q", n.Value)
	}
	return "node"
}

// yamlMsg strips yaml.v3's "yaml: unmarshal errors:\n  line N: " framing.
func yamlMsg(err error) string {
	msg := err.Error()
	if i := strings.LastIndex(msg, ": cannot"); i >= 0 {
		return msg[i+2:]
	}
	return strings.TrimPrefix(msg, "yaml: ")
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
