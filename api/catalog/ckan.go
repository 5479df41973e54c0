package catalog

import (
	"strconv"
	"strings"
)

// ckanTime is CKAN's timestamp format: UTC without a zone suffix.
const ckanTime = "2006-01-02T15:04:05.000000"

// Package is a CKAN package dict: the fields the CKAN harvester and
// CKAN clients read (package_show, package_search).
type Package struct {
	ID               string         `json:"id"`
	Name             string         `json:"name"`
	Title            string         `json:"title"`
	Notes            string         `json:"notes"`
	URL              string         `json:"url"`
	Version          string         `json:"version"`
	LicenseID        string         `json:"license_id"`
	LicenseTitle     string         `json:"license_title"`
	LicenseURL       string         `json:"license_url"`
	Author           string         `json:"author"`
	AuthorEmail      string         `json:"author_email"`
	Maintainer       string         `json:"maintainer"`
	MaintainerEmail  string         `json:"maintainer_email"`
	OwnerOrg         string         `json:"owner_org"`
	Organization     Organization   `json:"organization"`
	MetadataCreated  string         `json:"metadata_created"`
	MetadataModified string         `json:"metadata_modified"`
	State            string         `json:"state"`
	Private          bool           `json:"private"`
	Type             string         `json:"type"`
	IsOpen           bool           `json:"isopen"`
	NumResources     int            `json:"num_resources"`
	NumTags          int            `json:"num_tags"`
	Tags             []Tag          `json:"tags"`
	Groups           []Organization `json:"groups"`
	Extras           []Extra        `json:"extras"`
	Resources        []Resource     `json:"resources"`
}

// Organization is a CKAN organization (or group) dict.
type Organization struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Title       string `json:"title"`
	Description string `json:"description"`
	ImageURL    string `json:"image_url"`
	Created     string `json:"created"`
	IsOrg       bool   `json:"is_organization"`
	State       string `json:"state"`
	Type        string `json:"type"`
}

// Tag is a CKAN tag.
type Tag struct {
	Name        string `json:"name"`
	DisplayName string `json:"display_name"`
	State       string `json:"state"`
}

// Extra is a CKAN extra: strings only.
type Extra struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// Resource is a CKAN resource dict.
type Resource struct {
	ID           string `json:"id"`
	PackageID    string `json:"package_id"`
	URL          string `json:"url"`
	Name         string `json:"name"`
	Description  string `json:"description"`
	Format       string `json:"format"`
	Mimetype     string `json:"mimetype"`
	Size         *int64 `json:"size"`
	Hash         string `json:"hash"`
	Created      string `json:"created"`
	LastModified string `json:"last_modified"`
	ResourceType string `json:"resource_type"`
	URLType      string `json:"url_type"`
	Position     int    `json:"position"`
	State        string `json:"state"`
}

// OrganizationName is the CKAN organization of every package.
const OrganizationName = "gongkai"

// Organization returns the catalog's one organization.
func (c *Catalog) Organization() Organization {
	return Organization{
		ID: uuidOf("organization"), Name: OrganizationName, Title: c.Publisher.Name,
		Description: "Publisher of the gongkai audit releases", Created: c.Modified.UTC().Format(ckanTime),
		IsOrg: true, State: "active", Type: "organization",
	}
}

// Packages returns the catalog as CKAN package dicts, one per dataset.
func (c *Catalog) Packages() []Package {
	org := c.Organization()
	modified := c.Modified.UTC().Format(ckanTime)
	var out []Package
	for _, d := range c.Datasets {
		p := Package{
			ID: d.ID, Name: d.Name, Title: d.Title + "（" + d.TitleZh + "）", Notes: d.Description + "\n\n" + d.DescZh,
			URL: d.LandingPage, Version: c.ReleaseID, LicenseID: "cc-by", LicenseTitle: c.License.Title, LicenseURL: c.License.Path,
			Author: c.Publisher.Name, AuthorEmail: c.Publisher.Email, Maintainer: c.Publisher.Name, MaintainerEmail: c.Publisher.Email,
			OwnerOrg: org.ID, Organization: org, MetadataCreated: modified, MetadataModified: modified,
			State: "active", Type: "dataset", IsOpen: true, Groups: []Organization{},
			Extras: []Extra{
				{Key: "release_id", Value: c.ReleaseID}, {Key: "as_of", Value: c.AsOf},
				{Key: "table", Value: d.Table}, {Key: "rows", Value: strconv.FormatInt(d.Rows, 10)},
				{Key: "schema", Value: d.SchemaURL}, {Key: "columns", Value: strings.Join(d.Columns, ",")},
			},
		}
		for _, k := range c.Keywords {
			p.Tags = append(p.Tags, Tag{Name: k, DisplayName: k, State: "active"})
		}
		for i, dist := range d.Distributions {
			r := Resource{
				ID: dist.ID, PackageID: d.ID, URL: dist.DownloadURL, Name: dist.Title, Description: dist.TitleZh,
				Format: dist.Format, Mimetype: dist.MediaType, Created: modified, LastModified: modified,
				ResourceType: "file", Position: i, State: "active",
			}
			if dist.Bytes > 0 {
				r.Size = &dist.Bytes
			}
			if dist.SHA256 != "" {
				r.Hash = "sha256:" + dist.SHA256
			}
			p.Resources = append(p.Resources, r)
		}
		p.NumResources, p.NumTags = len(p.Resources), len(p.Tags)
		out = append(out, p)
	}
	return out
}
