package objstore

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path"
	"slices"
	"strings"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

// s3Store keeps files as objects under a prefix of a bucket.
type s3Store struct {
	c      *minio.Client
	bucket string
	prefix string // "" or ending in "/"
	name   string
}

// OpenS3 opens s3://bucket/prefix on S3-compatible object storage. The
// endpoint is the URL's endpoint parameter (host:port; secure=false for
// plain http), else AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL, else AWS S3;
// the region is the region parameter or AWS_REGION. Credentials come from
// the environment (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or
// MINIO_ROOT_USER and MINIO_ROOT_PASSWORD), the AWS credentials file, or
// the machine's IAM role, in that order; never from the URL, which is
// logged.
func OpenS3(ctx context.Context, u *url.URL) (Store, error) {
	loc, err := s3Location(u)
	if err != nil {
		return nil, err
	}
	region := u.Query().Get("region")
	if region == "" {
		region = os.Getenv("AWS_REGION")
	}
	creds := credentials.NewChainCredentials([]credentials.Provider{
		&credentials.EnvAWS{}, &credentials.EnvMinio{}, &credentials.FileAWSCredentials{},
		&credentials.IAM{Client: &http.Client{Transport: http.DefaultTransport}},
	})
	c, err := minio.New(loc.endpoint, &minio.Options{Creds: creds, Secure: loc.secure, Region: region})
	if err != nil {
		return nil, fmt.Errorf("store %s: %w", u.Redacted(), err)
	}
	ok, err := c.BucketExists(ctx, loc.bucket)
	if err != nil {
		return nil, fmt.Errorf("store %s: %w", u.Redacted(), err)
	}
	if !ok {
		return nil, fmt.Errorf("store %s: bucket %s does not exist", u.Redacted(), loc.bucket)
	}
	return &s3Store{c: c, bucket: loc.bucket, prefix: loc.prefix, name: "s3://" + loc.bucket + "/" + loc.prefix + " at " + loc.endpoint}, nil
}

// s3Loc is where an s3 URL points.
type s3Loc struct {
	bucket, prefix string // prefix "" or ending in "/"
	endpoint       string // host:port
	secure         bool   // TLS
}

// s3Location reads an s3 URL, refusing credentials in it and malformed
// prefixes and endpoints.
func s3Location(u *url.URL) (s3Loc, error) {
	if u.User != nil {
		return s3Loc{}, fmt.Errorf("store %s: credentials do not go in the URL (use AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)", u.Redacted())
	}
	loc := s3Loc{bucket: u.Host, prefix: strings.Trim(u.Path, "/")}
	if loc.bucket == "" {
		return s3Loc{}, fmt.Errorf("store %s: want s3://bucket/prefix", u.Redacted())
	}
	if loc.prefix != "" {
		if err := CheckKey(loc.prefix); err != nil {
			return s3Loc{}, fmt.Errorf("store %s: prefix: %w", u.Redacted(), err)
		}
		loc.prefix += "/"
	}
	var err error
	q := u.Query()
	if loc.endpoint, loc.secure, err = s3Endpoint(q.Get("endpoint"), q.Get("secure")); err != nil {
		return s3Loc{}, fmt.Errorf("store %s: %w", u.Redacted(), err)
	}
	return loc, nil
}

// s3Endpoint picks the endpoint host:port and whether it speaks TLS.
func s3Endpoint(param, secureParam string) (string, bool, error) {
	secure := secureParam != "false"
	raw := param
	if raw == "" {
		raw = os.Getenv("AWS_ENDPOINT_URL_S3")
	}
	if raw == "" {
		raw = os.Getenv("AWS_ENDPOINT_URL")
	}
	if raw == "" {
		return "s3.amazonaws.com", secure, nil
	}
	if strings.Contains(raw, "://") {
		e, err := url.Parse(raw)
		if err != nil || e.Host == "" {
			return "", false, fmt.Errorf("endpoint %q: want host:port or http(s)://host:port", raw)
		}
		return e.Host, e.Scheme == "https", nil
	}
	return raw, secure, nil
}

func (s *s3Store) String() string { return s.name }

func (s *s3Store) object(key string) (string, error) {
	if err := CheckKey(key); err != nil {
		return "", err
	}
	return s.prefix + key, nil
}

// putChunk is the size up to which a file is sent in one request; a
// larger one goes in multipart parts of this size. A put thus holds at
// most two chunks in memory (minio-go, given no size, would buffer parts
// of 537 MiB, and send even a small file in three requests).
const putChunk = 16 << 20

// Put uploads r as one object: S3 makes an object visible whole or not
// at all. The payload is sent unsigned (its headers are signed): use an
// https endpoint, whose TLS protects it; aws-chunked signed uploads are
// not understood by every S3-compatible server.
func (s *s3Store) Put(ctx context.Context, key string, r io.Reader) error {
	obj, err := s.object(key)
	if err != nil {
		return err
	}
	head, err := io.ReadAll(io.LimitReader(ctxReader{ctx, r}, putChunk+1))
	if err != nil {
		return fmt.Errorf("store %s: %w", key, err)
	}
	opts := minio.PutObjectOptions{ContentType: contentType(key), DisableContentSha256: true}
	body, size := io.Reader(bytes.NewReader(head)), int64(len(head))
	if size > putChunk {
		body, size, opts.PartSize = io.MultiReader(body, r), -1, putChunk
	}
	if _, err := s.c.PutObject(ctx, s.bucket, obj, body, size, opts); err != nil {
		return fmt.Errorf("store %s: %w", key, err)
	}
	return nil
}

func (s *s3Store) Get(ctx context.Context, key string) (io.ReadCloser, error) {
	obj, err := s.object(key)
	if err != nil {
		return nil, err
	}
	// Stat first: GetObject is lazy and would report a missing key only
	// on the first read.
	if _, err := s.c.StatObject(ctx, s.bucket, obj, minio.StatObjectOptions{}); err != nil {
		if minio.ToErrorResponse(err).StatusCode == http.StatusNotFound {
			return nil, fmt.Errorf("store %s: %w", key, fs.ErrNotExist)
		}
		return nil, fmt.Errorf("store %s: %w", key, err)
	}
	o, err := s.c.GetObject(ctx, s.bucket, obj, minio.GetObjectOptions{})
	if err != nil {
		return nil, fmt.Errorf("store %s: %w", key, err)
	}
	return o, nil
}

func (s *s3Store) List(ctx context.Context, prefix string) ([]string, error) {
	var keys []string
	for o := range s.c.ListObjects(ctx, s.bucket, minio.ListObjectsOptions{Prefix: s.prefix + prefix, Recursive: true}) {
		if o.Err != nil {
			return nil, fmt.Errorf("store list %s: %w", prefix, o.Err)
		}
		key := strings.TrimPrefix(o.Key, s.prefix)
		if strings.HasPrefix(path.Base(key), ".") {
			continue
		}
		keys = append(keys, key)
	}
	if ctx.Err() != nil {
		return nil, errors.Join(fmt.Errorf("store list %s", prefix), ctx.Err())
	}
	slices.Sort(keys)
	return keys, nil
}

// contentType names the type of the files a distributed audit stores.
func contentType(key string) string {
	switch {
	case strings.HasSuffix(key, ".json.gz"):
		return "application/gzip"
	case strings.HasSuffix(key, ".png"):
		return "image/png"
	case strings.HasSuffix(key, ".json"):
		return "application/json"
	}
	return "application/octet-stream"
}
