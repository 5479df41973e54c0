package catalog

import "time"

// POD is a Project Open Data 1.1 catalog (data.json).
type POD struct {
	Context     string       `json:"@context"`
	Type        string       `json:"@type"`
	ConformsTo  string       `json:"conformsTo"`
	DescribedBy string       `json:"describedBy"`
	Dataset     []PODDataset `json:"dataset"`
}

// PODDataset is one dataset of data.json.
type PODDataset struct {
	Type            string            `json:"@type"`
	Title           string            `json:"title"`
	Description     string            `json:"description"`
	Keyword         []string          `json:"keyword"`
	Modified        string            `json:"modified"`
	Publisher       PODOrganization   `json:"publisher"`
	ContactPoint    PODContact        `json:"contactPoint"`
	Identifier      string            `json:"identifier"`
	AccessLevel     string            `json:"accessLevel"`
	License         string            `json:"license"`
	Temporal        string            `json:"temporal,omitempty"`
	LandingPage     string            `json:"landingPage"`
	DescribedBy     string            `json:"describedBy"`
	DescribedByType string            `json:"describedByType"`
	Language        []string          `json:"language"`
	Distribution    []PODDistribution `json:"distribution"`
}

// PODOrganization is a publisher.
type PODOrganization struct {
	Type string `json:"@type"`
	Name string `json:"name"`
}

// PODContact is a contact point.
type PODContact struct {
	Type     string `json:"@type"`
	FN       string `json:"fn"`
	HasEmail string `json:"hasEmail"`
}

// PODDistribution is one download of a dataset.
type PODDistribution struct {
	Type        string `json:"@type"`
	Title       string `json:"title"`
	DownloadURL string `json:"downloadURL"`
	MediaType   string `json:"mediaType"`
	Format      string `json:"format"`
	DescribedBy string `json:"describedBy"`
}

// POD returns the catalog as data.json (Project Open Data 1.1, which
// data.gov-style harvesters, DKAN and ckanext-datajson read).
func (c *Catalog) POD() POD {
	out := POD{
		Context:     "https://project-open-data.cio.gov/v1.1/schema/catalog.jsonld",
		Type:        "dcat:Catalog",
		ConformsTo:  "https://project-open-data.cio.gov/v1.1/schema",
		DescribedBy: "https://project-open-data.cio.gov/v1.1/schema/catalog.json",
		Dataset:     []PODDataset{},
	}
	email := c.Publisher.Email
	if email == "" {
		email = "opendata@invalid"
	}
	for _, d := range c.Datasets {
		pd := PODDataset{
			Type: "dcat:Dataset", Title: d.Title + "（" + d.TitleZh + "）", Description: d.Description + "\n\n" + d.DescZh,
			Keyword: c.Keywords, Modified: c.Modified.UTC().Format(time.RFC3339),
			Publisher:    PODOrganization{Type: "org:Organization", Name: c.Publisher.Name},
			ContactPoint: PODContact{Type: "vcard:Contact", FN: c.Publisher.Name, HasEmail: "mailto:" + email},
			Identifier:   d.ID, AccessLevel: "public", License: c.License.Path, LandingPage: d.LandingPage,
			DescribedBy: d.SchemaURL, DescribedByType: "application/vnd.datapackage+json", Language: []string{"zh-CN", "en"},
		}
		if c.AsOf != "" {
			pd.Temporal = c.AsOf + "/" + c.AsOf
		}
		for _, dist := range d.Distributions {
			pd.Distribution = append(pd.Distribution, PODDistribution{
				Type: "dcat:Distribution", Title: dist.Title, DownloadURL: dist.DownloadURL,
				MediaType: dist.MediaType, Format: dist.Format, DescribedBy: d.SchemaURL,
			})
		}
		out.Dataset = append(out.Dataset, pd)
	}
	return out
}
