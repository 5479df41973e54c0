package objstore

import (
	"context"
	"fmt"
	"net/url"
)

// OpenS3 opens s3://bucket/prefix.
func OpenS3(_ context.Context, u *url.URL) (Store, error) {
	return nil, fmt.Errorf("store %s: s3 storage is not built yet", u.Redacted())
}
