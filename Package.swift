// swift-tools-version:6.0
import PackageDescription

// The targets are the stages of the pipeline, each depending only on those below it, so the compiler keeps the
// direction (docs/architecture.md draws the graph):
//   Support → Pretokenize → Tokenizers → Corpus → Replay → Solve → Inference → MixInfer (report) → Batch, Research
// `MixInfer` is the library a script imports; `MixInferResearch` (trainer, controlled evaluation) and
// `MixInferBatch` are its clients, as is the CLI.
let yams = Target.Dependency.product(name: "Yams", package: "Yams")

let package = Package(
    name: "mixinfer",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "MixInfer", targets: ["MixInfer"]),
        .executable(name: "mixinfer", targets: ["mixinfer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // The only C in the project: thin calls into GLPK, PCRE2 (shim.c) and zlib, zstd, Snappy (compress.c).
        .target(
            name: "CShim",
            linkerSettings: [
                .linkedLibrary("glpk"), .linkedLibrary("pcre2-8"), .linkedLibrary("z"),
                .linkedLibrary("zstd"), .linkedLibrary("snappy"),
            ]
        ),
        .target(name: "MixInferSupport", dependencies: ["CShim", yams]),
        .target(name: "MixInferPretokenize", dependencies: ["MixInferSupport", "CShim"]),
        .target(name: "MixInferTokenizers", dependencies: ["MixInferPretokenize", "MixInferSupport"]),
        .target(name: "MixInferCorpus", dependencies: ["MixInferTokenizers", "MixInferPretokenize", "MixInferSupport"]),
        .target(name: "MixInferReplay", dependencies: ["MixInferCorpus", "MixInferTokenizers", "MixInferSupport"]),
        .target(name: "MixInferSolve", dependencies: ["MixInferReplay", "MixInferSupport", "CShim"]),
        .target(
            name: "MixInferInference",
            dependencies: ["MixInferSolve", "MixInferReplay", "MixInferCorpus", "MixInferTokenizers",
                           "MixInferPretokenize", "MixInferSupport"]
        ),
        .target(
            name: "MixInfer",
            dependencies: ["MixInferInference", "MixInferSolve", "MixInferCorpus", "MixInferTokenizers", "MixInferSupport"]
        ),
        .target(name: "MixInferBatch", dependencies: ["MixInfer", yams]),
        .target(name: "MixInferResearch", dependencies: ["MixInfer"]),
        .executableTarget(
            name: "mixinfer",
            dependencies: ["MixInfer", "MixInferBatch", "MixInferResearch",
                           .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(name: "example-infer-samples", dependencies: ["MixInfer"], path: "Examples/InferSamples"),
        .testTarget(name: "MixInferTests", dependencies: ["MixInfer", "MixInferBatch", "MixInferResearch", "mixinfer"]),
    ]
)
