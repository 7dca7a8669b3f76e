package augment

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/augpipe/augpipe/io/imgfile"
)

// ManifestName is the file in an output folder that says how each output
// there was made, one ManifestEntry a line (JSON Lines): what SkipExisting
// checks an output against. RunFolder appends an output's line just before
// writing the output, and rewrites the file whole, atomically, at the
// start of a run (without the entries of the outputs it is about to
// replace) and at its end, so that an interrupted or killed run leaves it
// readable and true: an entry whose output was never written matches no
// file, and a line cut short (by a crash of the machine while writing it)
// is ignored, its output redone.
const ManifestName = ".augpipe-manifest.jsonl"

// A ManifestEntry records how one output was made.
type ManifestEntry struct {
	// Output is the output's name: its path relative to the output
	// folder, with forward slashes.
	Output string `json:"output"`
	// Settings is the Fingerprint of the settings it was made with.
	Settings string `json:"settings"`
	// InputSHA256 is InputHash of the input's bytes.
	InputSHA256 string `json:"input_sha256"`
	// OutputSHA256 is InputHash of the output's bytes, and Bytes their
	// number: the output is the one described only while they match.
	OutputSHA256 string `json:"output_sha256"`
	Bytes        int64  `json:"bytes"`
	// Input is the input's path as the run named it, for people to read;
	// the input's bytes, not its path, decide whether an output is up to
	// date.
	Input string `json:"input"`
}

// fingerprintVersion changes whenever the same settings start giving
// different output bytes, so that outputs made before are redone.
const fingerprintVersion = 1

// Fingerprint returns a fingerprint of the settings in cfg that decide an
// output's bytes (the hex SHA-256 of them, with a version of augpipe's
// image code): two configurations with the same fingerprint make the same
// output from the same input. The settings that only decide how a run goes
// (Readers, Workers, Writers, Buffer), which inputs are refused
// (MaxPixels, FailOn) and where outputs go (Name) are left out, and so is
// Subsampling when it is the default 4:2:0 or the output is a PNG; the
// names of Config.Steps are in, though not what the steps do. A Config field that
// is not listed as left out is in, so a new setting makes outputs made
// before it redone rather than wrongly kept.
func Fingerprint(cfg Config) string {
	if f, err := cfg.format(); err == nil {
		cfg.Format = f
	}
	if cfg.Variants == 1 {
		cfg.Variants = 0 // the same: one output per input
	}
	raw, err := json.Marshal(cfg)
	if err != nil {
		panic(err) // a Config's JSON fields are plain values
	}
	var fields map[string]any
	if err := json.Unmarshal(raw, &fields); err != nil {
		panic(err)
	}
	// FailOn changes no output of a valid file: it only decides whether a
	// damaged one gets an output at all.
	for _, run := range []string{"readers", "workers", "writers", "buffer", "max_pixels", "name", "fail_on"} {
		delete(fields, run)
	}
	if cfg.Subsampling == "" || cfg.Subsampling == Subsampling420 || cfg.Format == FormatPNG {
		// The default (and a setting a PNG does not use) is left out, so
		// that the fingerprints of runs made before the setting existed,
		// which wrote 4:2:0, still match.
		delete(fields, "subsampling")
	}
	steps := make([]string, len(cfg.Steps))
	for i, s := range cfg.Steps {
		steps[i] = s.Name
	}
	fields["steps"] = steps
	fields["fingerprint_version"] = fingerprintVersion
	canon, err := json.Marshal(fields) // map keys sorted: canonical
	if err != nil {
		panic(err)
	}
	sum := sha256.Sum256(canon)
	return hex.EncodeToString(sum[:])
}

// InputHash returns the hex SHA-256 of an input's bytes, as a
// ManifestEntry holds it.
func InputHash(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// manifest is an output folder's manifest, read whole. Its methods may be
// called from several goroutines at once.
type manifest struct {
	mu      sync.Mutex
	path    string
	existed bool
	entries map[string]ManifestEntry // by lower-case output name
	log     *os.File                 // lines appended during a run
}

// readManifest reads dir's manifest; a missing one is empty. Lines that
// cannot be read are left out; the last entry of an output wins.
func readManifest(dir string) (*manifest, error) {
	m := &manifest{path: filepath.Join(dir, ManifestName), entries: make(map[string]ManifestEntry)}
	f, err := os.Open(m.path)
	if errors.Is(err, fs.ErrNotExist) {
		return m, nil
	}
	if err != nil {
		return m, fmt.Errorf("manifest: %w", err)
	}
	defer f.Close()
	m.existed = true
	m.entries, err = ReadManifest(f)
	if err != nil {
		return m, fmt.Errorf("manifest %s: %w", m.path, err)
	}
	return m, nil
}

// ReadManifest reads a manifest's lines (see ManifestName) from r and
// returns its entries by lower-case output name. Lines that cannot be read
// are left out, and so is a last line cut short (it has no newline); the
// last entry of an output wins. The error is r's.
func ReadManifest(r io.Reader) (map[string]ManifestEntry, error) {
	entries := make(map[string]ManifestEntry)
	br := bufio.NewReader(r)
	for {
		line, err := br.ReadBytes('\n')
		var e ManifestEntry
		if json.Unmarshal(line, &e) == nil && e.Output != "" && bytes.HasSuffix(line, []byte("\n")) {
			entries[strings.ToLower(e.Output)] = e
		}
		if err == io.EOF {
			return entries, nil
		}
		if err != nil {
			return entries, err
		}
	}
}

// upToDate reports whether the output named name, at out, was made with
// settings from in's bytes: the manifest says so, and the file there is
// the one it describes.
func (m *manifest) upToDate(name, out, settings string, in Input) bool {
	m.mu.Lock()
	e, ok := m.entries[strings.ToLower(name)]
	m.mu.Unlock()
	if !ok || e.Settings != settings || e.Output != name {
		return false
	}
	st, err := os.Stat(out)
	if err != nil || !st.Mode().IsRegular() || st.Size() != e.Bytes {
		return false
	}
	outSum, err := Input{Path: out}.SHA256()
	if err != nil || hex.EncodeToString(outSum[:]) != e.OutputSHA256 {
		return false
	}
	inSum, err := in.SHA256()
	return err == nil && hex.EncodeToString(inSum[:]) == e.InputSHA256
}

// forget drops the entry of the output named name: it is about to be
// replaced, or was not written.
func (m *manifest) forget(name string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.entries, strings.ToLower(name))
}

// save writes the manifest whole, atomically (temps tracks the temporary
// file), sorted by output name. An empty manifest that never existed is
// not created.
func (m *manifest) save(temps *imgfile.Temps) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.entries) == 0 && !m.existed {
		return nil
	}
	keys := make([]string, 0, len(m.entries))
	for k := range m.entries {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var b bytes.Buffer
	for _, k := range keys {
		line, err := json.Marshal(m.entries[k])
		if err != nil {
			return err
		}
		b.Write(line)
		b.WriteByte('\n')
	}
	if err := temps.WriteAtomic(m.path, b.Bytes()); err != nil {
		return fmt.Errorf("manifest: %w", err)
	}
	m.existed = true
	return nil
}

// add records e, appending its line to the manifest file at once: a run
// killed later leaves it there. Each line goes in one write, so that a
// line is cut short only by a crash of the machine, and then ignored.
func (m *manifest) add(e ManifestEntry) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.entries[strings.ToLower(e.Output)] = e
	if m.log == nil {
		f, err := os.OpenFile(m.path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
		if err != nil {
			return fmt.Errorf("manifest: %w", err)
		}
		m.log, m.existed = f, true
	}
	line, err := json.Marshal(e)
	if err != nil {
		return err
	}
	if _, err := m.log.Write(append(line, '\n')); err != nil {
		return fmt.Errorf("manifest: %w", err)
	}
	return nil
}

// close closes the file lines are appended to.
func (m *manifest) close() {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.log != nil {
		m.log.Close()
		m.log = nil
	}
}
