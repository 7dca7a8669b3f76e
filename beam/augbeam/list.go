package augbeam

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path/filepath"
	"slices"
	"strings"

	"cloud.google.com/go/storage"
	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"google.golang.org/api/iterator"

	"github.com/augpipe/augpipe/io/imgfile"
)

// File is one input found by a listing: its location (a local path or an
// object's URI), its path relative to the pattern's literal folder, which
// names its output, and its size in bytes.
type File struct {
	Path string
	Rel  string
	Size int64
}

// listed is one file under a prefix, as a store lists it.
type listed struct {
	rel  string // relative to the prefix, forward slashes
	size int64
}

// schemeOf returns the scheme of a location ("s3", "gs"), or "" for a
// local path.
func schemeOf(loc string) string {
	if i := strings.Index(loc, "://"); i > 0 {
		return loc[:i]
	}
	return ""
}

// listFiles lists the images p matches, sorted by relative path, leaving
// out everything under skip (the output location), files and folders
// whose names begin with a dot unless hidden, and files that are not
// images by their name; unsupported receives each file in an image format
// augpipe cannot decode. Beam's own listing matches object keys with
// filepath.Match, whose * stops at a slash: each store is listed here by
// the literal prefix instead, and matched by Pattern.
func listFiles(ctx context.Context, p Pattern, skip string, hidden bool, unsupported func(path, kind string)) ([]File, error) {
	var objs []listed
	var err error
	switch s := schemeOf(p.Prefix); s {
	case "":
		objs, err = listLocal(ctx, p.Prefix, skip)
	case "s3":
		objs, err = listS3(ctx, p.Prefix)
	case "gs":
		objs, err = listGCS(ctx, p.Prefix)
	default:
		return nil, fmt.Errorf("%s: no listing for the scheme %q (local paths, s3:// and gs:// are listed)", p.Prefix, s)
	}
	if err != nil {
		return nil, err
	}
	skipRel, underSkip := "", false
	if rest, ok := strings.CutPrefix(strings.TrimSuffix(skip, "/")+"/", p.Prefix); ok && schemeOf(skip) != "" {
		skipRel, underSkip = rest, true
	}
	var files []File
	for _, o := range objs {
		if underSkip && (skipRel == "" || strings.HasPrefix(o.rel, skipRel)) {
			continue
		}
		if !p.Match(o.rel) || (!hidden && hasHiddenElement(o.rel)) {
			continue
		}
		path := p.Prefix + o.rel
		if schemeOf(path) == "" {
			path = filepath.FromSlash(path)
		}
		decodable, kind := imgfile.KindOf(o.rel)
		switch {
		case decodable:
			files = append(files, File{Path: path, Rel: o.rel, Size: o.size})
		case kind != "":
			unsupported(path, kind)
		}
	}
	slices.SortFunc(files, func(a, b File) int { return strings.Compare(a.Rel, b.Rel) })
	return files, nil
}

// hasHiddenElement reports whether an element of rel begins with a dot.
func hasHiddenElement(rel string) bool {
	for e := range strings.SplitSeq(rel, "/") {
		if strings.HasPrefix(e, ".") {
			return true
		}
	}
	return false
}

// listLocal lists the regular files under the folder prefix ("" is the
// current folder), never descending into skip.
func listLocal(ctx context.Context, prefix, skip string) ([]listed, error) {
	root := prefix
	if root == "" {
		root = "."
	}
	skipAbs := ""
	if skip != "" && schemeOf(skip) == "" {
		skipAbs, _ = filepath.Abs(skip)
	}
	var objs []listed
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if path == root {
				return err
			}
			return nil // an unreadable folder below: its files are not listed
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if d.IsDir() {
			if abs, _ := filepath.Abs(path); skipAbs != "" && abs == skipAbs {
				return filepath.SkipDir
			}
			return nil
		}
		info, err := d.Info()
		if err != nil || !info.Mode().IsRegular() {
			return nil
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return nil
		}
		objs = append(objs, listed{rel: filepath.ToSlash(rel), size: info.Size()})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", root, err)
	}
	return objs, nil
}

// bucketKey splits s3://bucket/key or gs://bucket/key.
func bucketKey(uri string) (bucket, key string, err error) {
	u, err := url.Parse(uri)
	if err != nil {
		return "", "", err
	}
	if u.Host == "" {
		return "", "", fmt.Errorf("%s: no bucket", uri)
	}
	return u.Host, strings.TrimPrefix(u.Path, "/"), nil
}

// listS3 lists the objects under an s3:// prefix. The client is made as
// Beam's s3 filesystem makes its own, from the AWS SDK's default
// configuration (environment, shared files, instance role), so that the
// two reach the same endpoint with the same credentials.
func listS3(ctx context.Context, prefix string) ([]listed, error) {
	bucket, key, err := bucketKey(prefix)
	if err != nil {
		return nil, err
	}
	cfg, err := awsconfig.LoadDefaultConfig(ctx)
	if err != nil {
		return nil, fmt.Errorf("list %s: AWS configuration: %w", prefix, err)
	}
	pages := s3.NewListObjectsV2Paginator(s3.NewFromConfig(cfg), &s3.ListObjectsV2Input{
		Bucket: aws.String(bucket), Prefix: aws.String(key),
	})
	var objs []listed
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("list %s: %w", prefix, err)
		}
		for _, o := range page.Contents {
			k := aws.ToString(o.Key)
			if strings.HasSuffix(k, "/") { // a folder marker
				continue
			}
			objs = append(objs, listed{rel: strings.TrimPrefix(k, key), size: aws.ToInt64(o.Size)})
		}
	}
	return objs, nil
}

// listGCS lists the objects under a gs:// prefix with the client Beam's
// gcs filesystem uses (application default credentials).
func listGCS(ctx context.Context, prefix string) ([]listed, error) {
	bucket, key, err := bucketKey(prefix)
	if err != nil {
		return nil, err
	}
	client, err := storage.NewClient(ctx)
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", prefix, err)
	}
	defer client.Close()
	it := client.Bucket(bucket).Objects(ctx, &storage.Query{Prefix: key})
	var objs []listed
	for {
		o, err := it.Next()
		if errors.Is(err, iterator.Done) {
			return objs, nil
		}
		if err != nil {
			return nil, fmt.Errorf("list %s: %w", prefix, err)
		}
		if strings.HasSuffix(o.Name, "/") {
			continue
		}
		objs = append(objs, listed{rel: strings.TrimPrefix(o.Name, key), size: o.Size})
	}
}
