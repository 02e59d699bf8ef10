// `import MixInfer` is all a script needs: the public types of a run come from the layers below this one
// (docs/architecture.md), and are re-exported here so that a script does not name the layers.
@_exported import MixInferCorpus
@_exported import MixInferInference
@_exported import MixInferSolve
@_exported import MixInferSupport
@_exported import MixInferTokenizers
