package datasets

// DocumentRow is one policy document found on a site (table documents).
type DocumentRow struct {
	SiteID        string   `parquet:"site_id,dict" json:"site_id"`
	URL           string   `parquet:"url" json:"url"`
	Title         string   `parquet:"title" json:"title"`
	IndexNumber   string   `parquet:"index_number" json:"index_number"`
	DocNumber     string   `parquet:"doc_number" json:"doc_number"`
	Issuer        string   `parquet:"issuer,dict" json:"issuer"`
	WrittenDate   *Day     `parquet:"written_date,date" json:"written_date"`
	PublishedDate *Day     `parquet:"published_date,date" json:"published_date"`
	Validity      string   `parquet:"validity,dict" json:"validity"`
	Topic         string   `parquet:"topic,dict" json:"topic"`
	MissingFields []string `parquet:"missing_fields,list" json:"missing_fields"`
	HasHeader     bool     `parquet:"has_metadata_header" json:"has_metadata_header"`
}

// TableDocuments is the name of the documents table.
const TableDocuments = "documents"

var documentsTable = mustTable[DocumentRow](TableDocuments, "site_id", "url")
