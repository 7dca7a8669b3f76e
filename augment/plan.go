package augment

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/augpipe/augpipe/io/imgfile"
)

// A Plan is what RunFolder does with a job, decided before any image is
// processed: the inputs in order, each with its output and whether it is
// up to date, and the files passed over. PlanFolder makes one and does
// nothing more; RunFolder makes it with the same code, then follows it.
type Plan struct {
	// Items are the inputs in the order found: the job's Inputs in the
	// order given, each in path order, then its Files in path order.
	Items []PlanItem `json:"items"`
	// Skipped are the files passed over, with the reason: image formats
	// augpipe cannot read, dangling links, inputs the name template cannot
	// name...
	Skipped []Skipped `json:"skipped"`
}

// A PlanItem is one input of a Plan.
type PlanItem struct {
	Input Input `json:"input"`
	// Name is the output's path relative to the output folder, with
	// forward slashes; Output its path.
	Name   string `json:"name"`
	Output string `json:"output"`
	// Names, when each input gives more than one variant, are the names
	// of its variants, Name first.
	Names []string `json:"names,omitempty"`
	// UpToDate is set when a SkipExisting job leaves the output alone: the
	// output folder's manifest says it was made from the same input bytes
	// with the same settings (see Fingerprint), and it is still there.
	UpToDate bool `json:"up_to_date"`
}

// PlanFolder returns what RunFolder would do with j, and does none of it:
// it finds the inputs, names their outputs, refuses an output that would
// replace an input and, with SkipExisting, reads the output folder's
// manifest and the inputs it has an entry for, to tell which outputs are
// up to date. It creates and writes nothing, and takes no lock: another
// run may change the output folder before RunFolder does.
//
// The errors are RunFolder's: a *StartError when the job could not start,
// ctx's error when ctx is cancelled.
func PlanFolder(ctx context.Context, j FolderJob) (*Plan, error) {
	if err := j.Validate(); err != nil {
		return nil, startErr(err)
	}
	j.Config = j.Config.resolved()
	p, err := planInputs(ctx, j)
	if err != nil {
		if ctx.Err() != nil {
			return nil, err
		}
		return nil, startErr(err)
	}
	if !j.SkipExisting || len(p.Items) == 0 {
		return p, nil
	}
	// A manifest that cannot be read makes every output stale, as it does
	// for RunFolder, which says so in its log.
	man, _ := readManifest(j.Output)
	if err := p.decide(ctx, j.Config, man); err != nil {
		return nil, err
	}
	return p, nil
}

// planInputs finds j's inputs and names their outputs. j.Config must be
// resolved.
func planInputs(ctx context.Context, j FolderJob) (*Plan, error) {
	opts := FindOptions{Recursive: j.Recursive, Hidden: j.Hidden, Exclude: []string{j.Output}}
	inputs, skipped, err := imgfile.FindPaths(ctx, j.Inputs, opts)
	if err != nil {
		return nil, err
	}
	if j.Files != nil {
		listed, sk, err := imgfile.ListedFiles(ctx, j.Files, j.Base)
		if err != nil {
			return nil, err
		}
		inputs = append(inputs, listed...)
		skipped = append(skipped, sk...)
	}
	t, err := j.template()
	if err != nil {
		return nil, err
	}
	names := t.Names(inputs)
	var variantNames [][]string
	if j.variants() > 1 {
		variantNames = t.VariantNames(inputs, j.variants())
	}
	p := &Plan{Items: make([]PlanItem, 0, len(inputs)), Skipped: skipped}
	sink := DirSink{Dir: j.Output}
	for i, in := range inputs {
		if variantNames != nil {
			names[i] = ""
			if variantNames[i] != nil {
				names[i] = variantNames[i][0]
			}
		}
		if names[i] == "" {
			err := fmt.Errorf("the names clash")
			for v := 1; v <= j.variants(); v++ {
				if _, verr := t.Expand(in.Rel, v); verr != nil {
					err = verr
					break
				}
			}
			p.Skipped = append(p.Skipped, Skipped{Path: in.Path, Reason: fmt.Sprintf("cannot be named by %s: %v", t, err)})
			continue
		}
		it := PlanItem{Input: in, Name: names[i], Output: sink.Path(names[i])}
		if variantNames != nil {
			it.Names = variantNames[i]
		}
		p.Items = append(p.Items, it)
	}
	if p.Skipped == nil {
		p.Skipped = []Skipped{}
	}
	if out, in := p.overwritesInput(j.Output); out != "" {
		return nil, &overwriteError{out: out, in: in}
	}
	return p, nil
}

// overwritesInput returns the first output that would replace an input,
// and that input, or "" when none would.
func (p *Plan) overwritesInput(outDir string) (out, in string) {
	inputs := make([]Input, len(p.Items))
	names := make([]string, 0, len(p.Items))
	for i, it := range p.Items {
		inputs[i] = it.Input
		if it.Names != nil {
			names = append(names, it.Names...)
		} else {
			names = append(names, it.Name)
		}
	}
	return overwritesInput(inputs, outDir, names)
}

// decide marks the items whose outputs man says are up to date under cfg
// (resolved). It reads the inputs that have an entry; cancelling ctx stops
// it with ctx's error.
func (p *Plan) decide(ctx context.Context, cfg Config, man *manifest) error {
	settings := Fingerprint(cfg)
	for i := range p.Items {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("checking the outputs in %s: %w", filepath.Dir(man.path), err)
		}
		it := &p.Items[i]
		it.UpToDate = man.upToDate(it.Name, it.Output, settings, it.Input)
	}
	return nil
}
