// Package augbeam runs augpipe's job on Apache Beam: every image an input
// pattern matches, on a local disk or in object storage (s3://, gs://), is
// turned into the same output bytes, under the same name, as the augpipe
// command makes, by workers that Beam's runner schedules (Prism on this
// machine; Dataflow, Flink or Spark on a cluster).
//
// Pipeline builds the job's transforms:
//
//	Impulse -> list -> key by lower-case output name -> GroupByKey -> name
//	  -> CoGroupByKey with the output's manifest -> Partition into Config.Workers
//	  -> Reshuffle -> augment, in each partition
//	  -> _failed.jsonl and the manifest, each written whole at the end
//
// Name clashes are decided in one place, the GroupByKey on the lower-cased
// output name, by augment's naming rule (Template.Names), so that two
// workers never race for one name. Each worker's augment DoFn keeps one
// augment.Processor, made in Setup, and reuses its memory from element to
// element. The image settings travel to the workers as the DoFns' fields,
// an augment.Config marshalled as JSON.
//
// Beam needs every DoFn and element type registered before the pipeline
// is built or a worker starts: this package registers them in its init
// function, the one place Beam allows for it.
package augbeam
