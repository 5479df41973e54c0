package datasets

import (
	_ "embed"
	"fmt"

	"gopkg.in/yaml.v3"
)

//go:embed dictionary.yaml
var dictionaryYAML []byte

// dictionary is the bilingual description of every table and column.
type dictionary struct {
	Tables map[string]tableDoc `yaml:"tables"`
}

type tableDoc struct {
	TitleEn string               `yaml:"title_en"`
	TitleZh string               `yaml:"title_zh"`
	En      string               `yaml:"en"`
	Zh      string               `yaml:"zh"`
	Columns map[string]columnDoc `yaml:"columns"`
}

type columnDoc struct {
	Zh     string   `yaml:"zh"`
	En     string   `yaml:"en"`
	ZhDesc string   `yaml:"zh_desc"`
	Enum   []string `yaml:"enum"`
}

// loadDictionary parses the embedded dictionary and checks that it
// describes exactly the columns of every table, in both languages.
func loadDictionary() (*dictionary, error) {
	var d dictionary
	if err := yaml.Unmarshal(dictionaryYAML, &d); err != nil {
		return nil, fmt.Errorf("dictionary.yaml: %w", err)
	}
	for _, s := range releaseTables {
		td, ok := d.Tables[s.tableName()]
		if !ok {
			return nil, fmt.Errorf("dictionary.yaml: table %s not described", s.tableName())
		}
		if td.TitleEn == "" || td.TitleZh == "" || td.En == "" || td.Zh == "" {
			return nil, fmt.Errorf("dictionary.yaml: table %s: title or description missing", s.tableName())
		}
		for _, c := range s.tableLayout().cols {
			cd, ok := td.Columns[c.name]
			if !ok || cd.Zh == "" || cd.En == "" || cd.ZhDesc == "" {
				return nil, fmt.Errorf("dictionary.yaml: %s.%s not described in both languages", s.tableName(), c.name)
			}
		}
		for name := range td.Columns {
			if s.tableLayout().column(name) == nil {
				return nil, fmt.Errorf("dictionary.yaml: %s.%s described but not a column", s.tableName(), name)
			}
		}
	}
	for name := range d.Tables {
		if Columns(name) == nil {
			return nil, fmt.Errorf("dictionary.yaml: unknown table %s", name)
		}
	}
	return &d, nil
}
