package datasets

import (
	"encoding/json"
)

// The package-level constants of every datapackage.json.
const (
	// PackageName is the Frictionless name of the dataset; it does not
	// change between releases (the release id is the version).
	PackageName = "gongkai-audit"
	// LicenseName is the Open Definition id of the data licence. CC BY 4.0
	// covers database rights explicitly (section 4), asks only for
	// attribution, has an official Chinese translation and is what most
	// open-data portals and indices recognise.
	LicenseName  = "CC-BY-4.0"
	licensePath  = "https://creativecommons.org/licenses/by/4.0/"
	licenseTitle = "Creative Commons Attribution 4.0 International（知识共享 署名 4.0 国际）"

	mediaCSV     = "text/csv"
	mediaParquet = "application/vnd.apache.parquet"
)

// DataPackage is the datapackage.json of a release: a Frictionless Tabular
// Data Package with a few gongkai properties (release_id, audit_id, as_of,
// rules_version, software_version, previous_release_id).
type DataPackage struct {
	Profile     string     `json:"profile"`
	Name        string     `json:"name"`
	Title       string     `json:"title"`
	Description string     `json:"description"`
	Version     string     `json:"version"`
	Created     string     `json:"created"`
	Keywords    []string   `json:"keywords"`
	Licenses    []License  `json:"licenses"`
	Sources     []Source   `json:"sources"`
	Resources   []Resource `json:"resources"`

	ReleaseID         string  `json:"release_id"`
	PreviousReleaseID *string `json:"previous_release_id"`
	AuditID           string  `json:"audit_id"`
	AsOf              string  `json:"as_of"`
	RulesVersion      string  `json:"rules_version"`
	SoftwareVersion   string  `json:"software_version"`
}

// License is a Frictionless licence entry.
type License struct {
	Name  string `json:"name"`
	Path  string `json:"path"`
	Title string `json:"title"`
}

// Source is a Frictionless source entry.
type Source struct {
	Title string `json:"title"`
	Path  string `json:"path,omitempty"`
}

// Resource is one file (or, for a Parquet table in parts, one set of
// files) of a release.
type Resource struct {
	Profile       string       `json:"profile"`
	Name          string       `json:"name"`
	Path          Paths        `json:"path"`
	Table         string       `json:"table"`
	Title         string       `json:"title"`
	TitleZh       string       `json:"x-title-zh"`
	Description   string       `json:"description"`
	DescriptionZh string       `json:"x-description-zh"`
	Format        string       `json:"format"`
	Mediatype     string       `json:"mediatype"`
	Encoding      string       `json:"encoding,omitempty"`
	Compression   string       `json:"compression,omitempty"`
	Dialect       *Dialect     `json:"dialect,omitempty"`
	Bytes         int64        `json:"bytes"`
	Hash          string       `json:"hash,omitempty"`
	Rows          int64        `json:"rows"`
	Parts         []Part       `json:"parts,omitempty"`
	Schema        *TableSchema `json:"schema"`
}

// Paths is a resource path: one file, or several files read in order. It
// is written as a JSON string for one file and as an array otherwise.
type Paths []string

// MarshalJSON writes one path as a string and several as an array.
func (p Paths) MarshalJSON() ([]byte, error) {
	if len(p) == 1 {
		return json.Marshal(p[0])
	}
	return json.Marshal([]string(p))
}

// UnmarshalJSON reads a string or an array of strings.
func (p *Paths) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*p = Paths{s}
		return nil
	}
	return json.Unmarshal(b, (*[]string)(p))
}

// Part is one file of a multi-file resource.
type Part struct {
	Path  string `json:"path"`
	Bytes int64  `json:"bytes"`
	Hash  string `json:"hash"`
	Rows  int64  `json:"rows"`
}

// Dialect is the CSV dialect (the Frictionless defaults, stated).
type Dialect struct {
	Delimiter      string `json:"delimiter"`
	LineTerminator string `json:"lineTerminator"`
	QuoteChar      string `json:"quoteChar"`
	DoubleQuote    bool   `json:"doubleQuote"`
	Header         bool   `json:"header"`
}

// TableSchema is a Frictionless Table Schema.
type TableSchema struct {
	Fields        []Field      `json:"fields"`
	PrimaryKey    []string     `json:"primaryKey"`
	ForeignKeys   []ForeignKey `json:"foreignKeys,omitempty"`
	MissingValues []string     `json:"missingValues"`
}

// Field is one column of a Table Schema, described in English and Chinese.
type Field struct {
	Name          string       `json:"name"`
	Type          string       `json:"type"`
	Format        string       `json:"format"`
	Title         string       `json:"title"`
	Description   string       `json:"description"`
	TitleZh       string       `json:"x-title-zh"`
	DescriptionZh string       `json:"x-description-zh"`
	ListDelimiter string       `json:"x-list-delimiter,omitempty"`
	Constraints   *Constraints `json:"constraints,omitempty"`
}

// Constraints are Table Schema field constraints.
type Constraints struct {
	Required bool     `json:"required,omitempty"`
	Enum     []string `json:"enum,omitempty"`
}

// ForeignKey is a Table Schema foreign key.
type ForeignKey struct {
	Fields    []string     `json:"fields"`
	Reference ForeignTable `json:"reference"`
}

// ForeignTable is the target of a foreign key.
type ForeignTable struct {
	Resource string   `json:"resource"`
	Fields   []string `json:"fields"`
}
