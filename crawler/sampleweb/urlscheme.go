package sampleweb

import (
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"path"
	"strings"
)

// URL schemes of the CMS styles, as the real products lay them out:
//
//	trs        /xwzx/tzgg/                 /xwzx/tzgg/202611/t20261120_1234.html
//	hanweb     /col/col1603013/index.html  /art/2026/11/20/art_1603013_1234.html
//	kaipuyun   /xwzx/tzgg/index.shtml      /xwzx/tzgg/202611/5f1c…e2.shtml
//	table2016  /CL0142/                    /CL0142/1234.html

// colID is the numeric column id of the hanweb and table2016 styles.
func (s *site) colID(c *column) int {
	return 1600000 + s.def.Seed*1000 + c.idx*13
}

func (s *site) listPath(c *column) string {
	code := c.def.Code
	switch s.def.Style {
	case "hanweb":
		return fmt.Sprintf("/col/col%d/index.html", s.colID(c))
	case "kaipuyun":
		if code == "" {
			return "/"
		}
		return "/" + code + "/index.shtml"
	case "table2016":
		return fmt.Sprintf("/CL%04d/", 100+s.def.Seed*7+c.idx*3)
	default:
		if code == "" {
			return "/"
		}
		return "/" + code + "/"
	}
}

func (s *site) itemPath(c *column, it *item) string {
	d := it.date
	switch s.def.Style {
	case "hanweb":
		return fmt.Sprintf("/art/%d/%d/%d/art_%d_%d.html", d.Year(), d.Month(), d.Day(), s.colID(c), it.id)
	case "kaipuyun":
		return fmt.Sprintf("/%s/%s/%s.shtml", c.def.Code, d.Format("200601"), s.hexID(it.id))
	case "table2016":
		return fmt.Sprintf("%s%d.html", s.listPath(c), it.id)
	default:
		return fmt.Sprintf("/%s/%s/t%s_%d.html", c.def.Code, d.Format("200601"), d.Format("20060102"), it.id)
	}
}

// hexID is the 32-hex-digit document id of the kaipuyun style.
func (s *site) hexID(id int) string {
	sum := sha1.Sum([]byte(fmt.Sprintf("%s/%d", s.def.ID, id)))
	return hex.EncodeToString(sum[:16])
}

// sidePath returns a file next to an item's page: the attachment (prefix P0)
// or the picture (prefix W0) of the item, TRS style.
func (s *site) sidePath(it *item, prefix, ext string) string {
	dir := path.Dir(it.path)
	return fmt.Sprintf("%s/%s%s%d%s", strings.TrimSuffix(dir, "/"), prefix, it.date.Format("20060102"), it.id, ext)
}
