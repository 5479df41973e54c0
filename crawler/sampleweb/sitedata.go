package sampleweb

import (
	"bytes"
	"embed"
	"fmt"

	"gopkg.in/yaml.v3"
)

//go:embed data/*.yaml
var dataFS embed.FS

// siteDef is one site of data/sites.yaml.
type siteDef struct {
	ID       string `yaml:"id"`
	Name     string `yaml:"name"`
	Short    string `yaml:"short"`
	Place    string `yaml:"place"`
	OrgShort string `yaml:"org_short"`
	Level    string `yaml:"level"`
	Kind     string `yaml:"kind"`
	Region   string `yaml:"region"`
	Style    string `yaml:"style"`
	Host     string `yaml:"host"`
	TLS      bool   `yaml:"tls"`
	IPv4Only bool   `yaml:"ipv4_only"`
	V6Reset  bool   `yaml:"v6_reset"`
	NXDomain bool   `yaml:"nxdomain"`
	Charset  string `yaml:"charset"`
	JSNav    bool   `yaml:"js_nav"`
	// StaticLists makes a hanweb site print its lists as plain HTML (newer
	// templates) instead of a <script type="text/xml"> datastore.
	StaticLists bool   `yaml:"static_lists"`
	Traps       bool   `yaml:"traps"`
	Leader      string `yaml:"leader"`
	Towns       []string
	Credit      string `yaml:"credit"`
	Abbr        string `yaml:"abbr"`
	Seed        int    `yaml:"seed"`
	Robots      *string
	NotFound    string      `yaml:"not_found"`
	Footer      footerDef   `yaml:"footer"`
	Columns     []columnDef `yaml:"columns"`
	// ExtraColumns are appended to Columns (which may be a shared preset).
	ExtraColumns []columnDef `yaml:"extra_columns"`
	Platform     struct {
		Host  string   `yaml:"host"`
		Parts []string `yaml:"parts"`
	} `yaml:"platform"`
	Reports       []int          `yaml:"reports"`
	ReportsColumn string         `yaml:"reports_column"`
	Guides        string         `yaml:"guides"`
	DocDefects    []docDefect    `yaml:"doc_defects"`
	ExtraHosts    []extraHostDef `yaml:"extra_hosts"`
	Responses     []responseDef  `yaml:"responses"`
	HomeBox       *homeBoxDef    `yaml:"home_box"`
	Planted       []plantedDef   `yaml:"planted"`
	ExtraItems    []extraItemDef `yaml:"extra_items"`
}

type footerDef struct {
	Sponsor   string `yaml:"sponsor"`
	Organizer string `yaml:"organizer"`
	Address   string `yaml:"address"`
	Zip       string `yaml:"zip"`
	Phone     string `yaml:"phone"`
	Fax       string `yaml:"fax"`
	Email     string `yaml:"email"`
	SiteCode  string `yaml:"site_code"`
	ICP       string `yaml:"icp"`
	Police    string `yaml:"police"`
}

type columnDef struct {
	Code      string `yaml:"code"`
	Name      string `yaml:"name"`
	Type      string `yaml:"type"`
	Class     string `yaml:"class"`
	Pool      string `yaml:"pool"`
	Count     int    `yaml:"count"`
	Newest    int    `yaml:"newest"`
	Step      int    `yaml:"step"`
	Home      bool   `yaml:"home"`
	Nav       bool   `yaml:"nav"`
	Statutory bool   `yaml:"statutory"`
	Page      string `yaml:"page"`
	Policy    string `yaml:"policy"`
}

type docDefect struct {
	Item     int      `yaml:"item"`
	Omit     []string `yaml:"omit"`
	Brackets string   `yaml:"brackets"`
}

type extraHostDef struct {
	Name string   `yaml:"name"`
	A    []string `yaml:"a"`
	AAAA []string `yaml:"aaaa"`
	Role string   `yaml:"role"` // waf: answers 403 challenges; none: nothing listens
}

type responseDef struct {
	Path        string `yaml:"path"`
	Status      int    `yaml:"status"`
	FirstStatus int    `yaml:"first_status"`
	RetryAfter  int    `yaml:"retry_after"`
	Title       string `yaml:"title"`
}

type linkDef struct {
	Text string `yaml:"text"`
	Href string `yaml:"href"`
}

type homeBoxDef struct {
	Title  string    `yaml:"title"`
	Links  []linkDef `yaml:"links"`
	Images []struct {
		Src string `yaml:"src"`
		Alt string `yaml:"alt"`
	} `yaml:"images"`
}

type plantedDef struct {
	Column string    `yaml:"column"`
	Item   int       `yaml:"item"`
	Label  string    `yaml:"label"`
	Links  []linkDef `yaml:"links"`
}

type extraItemDef struct {
	Column string `yaml:"column"`
	Title  string `yaml:"title"`
	Href   string `yaml:"href"`
	Days   int    `yaml:"days"`
}

// contentDef is data/content.yaml.
type contentDef struct {
	Pools           map[string][]string    `yaml:"pools"`
	Policies        map[string][]policyDef `yaml:"policies"`
	Paragraphs      []string               `yaml:"paragraphs"`
	PolicyBody      []string               `yaml:"policy_body"`
	DisclosureGuide []string               `yaml:"disclosure_guide"`
}

type policyDef struct {
	Title  string `yaml:"title"`
	Issuer string `yaml:"issuer"`
	Word   string `yaml:"word"`
	Topic  string `yaml:"topic"`
}

// guidesDef is data/guides.yaml.
type guidesDef struct {
	Labels map[string][]string    `yaml:"labels"`
	Order  []string               `yaml:"order"`
	Sets   map[string]guideSetDef `yaml:"sets"`
}

type guideSetDef struct {
	Updated []int                    `yaml:"updated"`
	Guides  []map[string]interface{} `yaml:"guides"`
}

// catalog is all embedded data, parsed.
type catalog struct {
	Sites   []siteDef
	Content contentDef
	Guides  guidesDef
}

func loadCatalog() (*catalog, error) {
	var c catalog
	var sites struct {
		Presets yaml.Node `yaml:"presets"`
		Sites   []siteDef `yaml:"sites"`
	}
	for _, f := range []struct {
		name string
		into any
	}{
		{"data/sites.yaml", &sites},
		{"data/content.yaml", &c.Content},
		{"data/guides.yaml", &c.Guides},
	} {
		if err := decodeStrict(f.name, f.into); err != nil {
			return nil, err
		}
	}
	c.Sites = sites.Sites
	seen := map[string]bool{}
	for _, s := range c.Sites {
		if s.ID == "" || s.Host == "" || seen[s.ID] {
			return nil, fmt.Errorf("load %s: site %q: missing or duplicate id/host", "data/sites.yaml", s.ID)
		}
		seen[s.ID] = true
	}
	return &c, nil
}

func decodeStrict(name string, into any) error {
	b, err := dataFS.ReadFile(name)
	if err != nil {
		return fmt.Errorf("load %s: %w", name, err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(into); err != nil {
		return fmt.Errorf("load %s: %w", name, err)
	}
	return nil
}
