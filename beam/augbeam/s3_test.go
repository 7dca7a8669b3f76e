package augbeam_test

import (
	"bytes"
	"context"
	"io"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/augpipe/augpipe/augment"
	"github.com/augpipe/augpipe/beam/augbeam"
	"github.com/augpipe/augpipe/internal/testimg"
)

// fakeS3 starts an in-process S3 server that speaks the real protocol
// (gofakes3, in memory) and points the AWS SDK's default configuration at
// it through its standard settings, which Beam's registered s3 filesystem
// and the job's listing both load: AWS_ENDPOINT_URL_S3 and static
// credentials. The endpoint is an IP address, for which the SDK addresses
// buckets by path. It returns a client for the test's own requests.
func fakeS3(t *testing.T, bucket string) *s3.Client {
	t.Helper()
	srv := httptest.NewServer(gofakes3.New(s3mem.New()).Server())
	t.Cleanup(srv.Close)
	t.Setenv("AWS_ENDPOINT_URL_S3", srv.URL)
	t.Setenv("AWS_ACCESS_KEY_ID", "test")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "test")
	t.Setenv("AWS_REGION", "us-east-1")
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(t.TempDir(), "none"))
	cfg, err := awsconfig.LoadDefaultConfig(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	client := s3.NewFromConfig(cfg)
	if _, err := client.CreateBucket(context.Background(), &s3.CreateBucketInput{Bucket: aws.String(bucket)}); err != nil {
		t.Fatal(err)
	}
	return client
}

func put(t *testing.T, c *s3.Client, bucket, key string, data []byte) {
	t.Helper()
	if _, err := c.PutObject(context.Background(), &s3.PutObjectInput{
		Bucket: aws.String(bucket), Key: aws.String(key), Body: bytes.NewReader(data),
	}); err != nil {
		t.Fatal(err)
	}
}

// objects returns the objects under prefix, by key relative to it.
func objects(t *testing.T, c *s3.Client, bucket, prefix string) map[string][]byte {
	t.Helper()
	ctx := context.Background()
	list, err := c.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: aws.String(bucket), Prefix: aws.String(prefix)})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]byte{}
	for _, o := range list.Contents {
		obj, err := c.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: o.Key})
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(obj.Body)
		obj.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		got[strings.TrimPrefix(aws.ToString(o.Key), prefix)] = data
	}
	return got
}

// TestS3 reads s3://bucket/raw/**.jpg and writes s3://bucket/augmented/
// on the fake server: the outputs are the command's for the same files
// in a local folder (names from paths relative to raw/, across folders), a
// corrupt file is the one record of _failed.jsonl, and a second run with
// SkipExisting leaves every output alone but the one whose input changed.
func TestS3(t *testing.T) {
	const bucket = "photos"
	c := fakeS3(t, bucket)
	samples := filepath.Join(testimg.RepoRoot(t), "samples")
	local := t.TempDir()
	files := map[string]string{ // key under raw/ -> sample
		"chelsea.jpg":       "chelsea.jpg",
		"2024/coffee.jpg":   "coffee.jpg",
		"2024/deep/r.jpg":   "rocket.jpg",
		"other/seeding.jpg": "seeding-1920.jpg",
	}
	for key, name := range files {
		data, err := os.ReadFile(filepath.Join(samples, name))
		if err != nil {
			t.Fatal(err)
		}
		put(t, c, bucket, "raw/"+key, data)
		testimg.WriteFile(t, filepath.Join(local, filepath.FromSlash(key)), data)
	}
	put(t, c, bucket, "raw/2024/broken.jpg", []byte("\xff\xd8\xff\xe0 not really a JPEG"))
	put(t, c, bucket, "raw/notes.txt", []byte("not matched"))
	put(t, c, bucket, "elsewhere/x.jpg", []byte("not under raw/"))

	cfg := augment.DefaultConfig()
	want, _ := commandRun(t, local, cfg)
	j := augbeam.Job{Input: "s3://" + bucket + "/raw/**.jpg", Output: "s3://" + bucket + "/augmented/", Config: cfg}
	sum := runJob(t, j)
	got := objects(t, c, bucket, "augmented/")
	failed := got[augbeam.FailedName]
	delete(got, augbeam.FailedName)
	delete(got, augment.ManifestName)
	sameOutputs(t, outputs(t, want), got)
	ins, _ := failedInputs(t, failed)
	if len(ins) != 1 || ins[0] != "s3://photos/raw/2024/broken.jpg" {
		t.Errorf("%s holds %q, want the broken file alone", augbeam.FailedName, ins)
	}
	if sum.Counts[augbeam.MetricWritten] != 4 || sum.Counts[augbeam.MetricFailed] != 1 {
		t.Errorf("first run: %v, want 4 written, 1 failed", sum.Counts)
	}

	// Another input's bytes under an old name: only its output is redone.
	coffee := objects(t, c, bucket, "augmented/2024/coffee.jpg")[""]
	rocket, err := os.ReadFile(filepath.Join(samples, "rocket.jpg"))
	if err != nil {
		t.Fatal(err)
	}
	put(t, c, bucket, "raw/2024/coffee.jpg", rocket)
	j.SkipExisting = true
	sum = runJob(t, j)
	if sum.Counts[augbeam.MetricUpToDate] != 3 || sum.Counts[augbeam.MetricWritten] != 1 || sum.Counts[augbeam.MetricFailed] != 1 {
		t.Errorf("skip-existing run: %v, want 3 up to date, 1 written, 1 failed", sum.Counts)
	}
	redone := objects(t, c, bucket, "augmented/2024/coffee.jpg")[""]
	if bytes.Equal(redone, coffee) || !bytes.Equal(redone, objects(t, c, bucket, "augmented/2024/deep/r.jpg")[""]) {
		t.Error("the output of the changed input was not redone from its new bytes")
	}
}
