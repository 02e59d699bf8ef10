/// A binary max-heap (largest element on top).
package struct MaxHeap<Element: Comparable> {
    private(set) var elements: [Element] = []

    init() {}

    /// Builds a heap of `items` in O(n).
    package init(_ items: [Element]) {
        elements = items
        heapify()
    }

    /// Empties the heap, keeping its storage, lets `fill` append new elements, and builds the heap in O(n).
    mutating func rebuild(_ fill: (inout [Element]) -> Void) {
        elements.removeAll(keepingCapacity: true)
        fill(&elements)
        heapify()
    }

    private mutating func heapify() {
        var index = elements.count / 2 - 1
        while index >= 0 {
            siftDown(index)
            index -= 1
        }
    }

    var isEmpty: Bool { elements.isEmpty }
    var count: Int { elements.count }
    var top: Element? { elements.first }

    package mutating func push(_ element: Element) {
        elements.append(element)
        var child = elements.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard elements[parent] < elements[child] else { break }
            elements.swapAt(parent, child)
            child = parent
        }
    }

    @discardableResult
    package mutating func pop() -> Element? {
        guard !elements.isEmpty else { return nil }
        let result = elements[0]
        let last = elements.removeLast()
        if !elements.isEmpty {
            elements[0] = last
            siftDown(0)
        }
        return result
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        let count = elements.count
        while true {
            let left = 2 * parent + 1
            guard left < count else { return }
            var largest = left
            if left + 1 < count && elements[largest] < elements[left + 1] { largest = left + 1 }
            guard elements[parent] < elements[largest] else { return }
            elements.swapAt(parent, largest)
            parent = largest
        }
    }
}

/// Heap entry of the violation sweep: a pair's weighted count, valid while its version is current.
struct WeightEntry: Comparable {
    var weight: Double
    var pair: Int32
    var version: UInt32
    static func < (a: WeightEntry, b: WeightEntry) -> Bool { a.weight < b.weight }
    static func == (a: WeightEntry, b: WeightEntry) -> Bool { a.weight == b.weight }
}
