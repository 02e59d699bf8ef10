// swift-tools-version:6.0
import PackageDescription

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
        .target(name: "MixInfer", dependencies: ["CShim", .product(name: "Yams", package: "Yams")]),
        .executableTarget(
            name: "mixinfer",
            dependencies: ["MixInfer", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(name: "example-infer-samples", dependencies: ["MixInfer"], path: "Examples/InferSamples"),
        .testTarget(name: "MixInferTests", dependencies: ["MixInfer", "mixinfer"]),
    ]
)
