// Array, object and combinator (allOf, anyOf, oneOf, not) checks of the OpenAPI validator.

extension SchemaValidator {
    mutating func checkArray(_ s: SchemaNode, _ items: [JSON], _ path: String) -> SchemaResult {
        var result = SchemaResult()
        if let itemSchema = s.items {
            for (i, item) in items.enumerated() {
                result.merge(validate(itemSchema, item, "\(path)[\(i)]"))
            }
        }
        let size = Int64(items.count)
        if let min = s.minItems, size < min {
            result.add(.other(path, .int(size), "\(path) in body should have at least \(min) items"))
        }
        if let max = s.maxItems, size > max {
            var e = SchemaViolation.other(path, .int(size), "\(path) in body should have at most \(max) items")
            e.code = .maxItems
            e.limit = max
            result.add(e)
        }
        if s.uniqueItems {
            var seen: [JSON] = []
            for item in items {
                if seen.contains(item) {
                    result.add(.other(path, nil, "\(path) in body shouldn't contain duplicates"))
                    break
                }
                seen.append(item)
            }
        }
        result.matchCount += 1
        return result
    }

    mutating func checkObject(_ s: SchemaNode, _ members: [String: JSON], _ path: String) -> SchemaResult {
        var result = SchemaResult()
        let count = Int64(members.count)
        if let min = s.minProperties, count < min {
            result.add(.other(path, .int(count), "\(path) in body should have at least \(min) properties"))
        }
        if let max = s.maxProperties, count > max {
            var e = SchemaViolation.other(path, .int(count), "\(path) in body should have at most \(max) properties")
            e.code = .tooManyProperties
            e.limit = max
            result.add(e)
        }
        let keys = members.keys.sorted()
        switch s.additional {
        case .allows(false)?:
            for key in keys where s.properties[key] == nil {
                result.add(.other(path, .string(key), "\(path).\(key) in body is a forbidden property"))
            }
        case .schema(let extra)?:
            for key in keys where s.properties[key] == nil {
                result.merge(validate(extra, members[key]!, path + "." + key))
            }
        default: break
        }
        for name in s.propertyNames {
            guard let value = members[name] else { continue }
            result.merge(validate(s.properties[name]!, value, path.isEmpty ? name : path + "." + name))
        }
        for name in s.required where members[name] == nil {
            result.add(
                SchemaViolation(code: .required, name: path + "." + name, message: "\(path).\(name) in body is required"))
        }
        return result
    }

    mutating func checkCombinators(_ s: SchemaNode, _ data: JSON, _ path: String) -> SchemaResult {
        var main = SchemaResult()
        let quoted = SchemaText.quote(path)
        if !s.anyOf.isEmpty {
            var best: SchemaResult?
            var success: SchemaResult?
            for branch in s.anyOf {
                let r = validate(branch, data, path)
                if r.isValid {
                    best = nil
                    success = r
                    break
                }
                if best == nil || r.matchCount > best!.matchCount { best = r }
            }
            if success == nil { main.add(.composite("\(quoted) must validate at least one schema (anyOf)")) }
            if let picked = best ?? success { main.merge(picked) }
        }
        if !s.oneOf.isEmpty {
            var best: SchemaResult?
            var firstSuccess: SchemaResult?
            var validated = 0
            for branch in s.oneOf {
                let r = validate(branch, data, path)
                if r.isValid {
                    validated += 1
                    best = nil
                    if firstSuccess == nil { firstSuccess = r }
                    continue
                }
                if validated == 0 && (best == nil || r.matchCount > best!.matchCount) { best = r }
            }
            if validated != 1 {
                let detail = validated == 0 ? "Found none valid" : "Found \(validated) valid alternatives"
                main.add(.composite("\(quoted) must validate one and only one schema (oneOf). \(detail)"))
                if let best { main.merge(best) }
            } else if let firstSuccess {
                main.merge(firstSuccess)
            }
        }
        if !s.allOf.isEmpty {
            var validated = 0
            for branch in s.allOf {
                let r = validate(branch, data, path)
                if r.isValid { validated += 1 }
                main.merge(r)
            }
            if validated != s.allOf.count {
                let detail = validated == 0 ? ". None validated" : ""
                main.add(.composite("\(quoted) must validate all the schemas (allOf)\(detail)"))
            }
        }
        if let not = s.not, validate(not, data, path).isValid {
            main.add(.composite("\(quoted) must not validate the schema (not)"))
        }
        main.matchCount += 1
        return main
    }
}
