// SupportLab scenario_io: support-model semantics (unique ids, the priority matrix, references).
#include "scenario_io/loader_internal.hpp"

#include <algorithm>
#include <iterator>
#include <map>
#include <optional>

namespace sl::detail {

// [SECTION] Shared helpers
// [SECTION] Support model

//-----------------------------------------------------------------------------
// [SECTION] Shared helpers
//-----------------------------------------------------------------------------

void CheckUniqueIds(Checker& checker, const std::vector<Text>& ids, const std::string& what) {
    std::map<std::string, int> first;
    for (const Text& id : ids) {
        if (id.m_value.empty()) continue;
        const auto [it, inserted] = first.emplace(id.m_value, id.m_line);
        if (!inserted)
            checker.Error(id, "duplicate " + what + " id '" + id.m_value + "' (first at line " + std::to_string(it->second) + ")");
    }
}

bool CheckReference(Checker& checker, const Text& ref, const NameSet& known, const std::string& what,
                    const std::string& context) {
    if (known.Has(ref.m_value)) return true;
    const std::vector<std::string>& names = known.List();
    std::string message = "unknown " + what + " '" + ref.m_value + "' in " + context;
    const std::string suggestion = checker.Suggestion(ref.m_value, names);
    if (!suggestion.empty()) {
        message += suggestion;
    } else if (names.empty()) {
        message += " (none are defined)";
    } else if (names.size() <= 8) {
        message += " (known: ";
        for (size_t i = 0; i < names.size(); ++i) message += (i ? ", " : "") + names[i];
        message += ")";
    }
    checker.Error(ref, message);
    return false;
}

std::vector<Text> IdsOf(const std::vector<Fields>& items) {
    std::vector<Text> out;
    for (const Fields& f : items)
        if (f.Valid("id")) out.push_back(f.StrAt("id"));
    return out;
}

namespace {

DestinationKind DestinationKindFrom(const std::string& s) {
    for (int i = 0; i <= static_cast<int>(DestinationKind::ItAdmin); ++i)
        if (s == ToString(static_cast<DestinationKind>(i))) return static_cast<DestinationKind>(i);
    return DestinationKind::TierTeam;
}

ProblemArea AreaFrom(const std::string& s) {
    for (int i = 0; i <= static_cast<int>(ProblemArea::LineOfBusiness); ++i)
        if (s == ToString(static_cast<ProblemArea>(i))) return static_cast<ProblemArea>(i);
    return ProblemArea::OperatingSystem;
}

DeliveryMode DeliveryFrom(const std::string& s) {
    for (int i = 0; i <= static_cast<int>(DeliveryMode::PartnerLed); ++i)
        if (s == ToString(static_cast<DeliveryMode>(i))) return static_cast<DeliveryMode>(i);
    return DeliveryMode::Internal;
}

void CheckUniqueLevels(Checker& checker, const std::vector<Text>& levels, const std::string& what) {
    std::map<std::string, int> first;
    for (const Text& level : levels) {
        const auto [it, inserted] = first.emplace(level.m_value, level.m_line);
        if (!inserted) checker.Error(level, "duplicate " + what + " level '" + level.m_value + "' (first at line " + std::to_string(it->second) + ")");
    }
}

// impact_definitions or urgency_definitions: each names one of the levels, at most once.
void LevelDefinitions(const Fields& root, Checker& checker, const std::string& what, const std::vector<std::string>& levels,
                      std::map<std::string, std::string>& out) {
    const NameSet known(levels);
    std::map<std::string, int> first;
    for (const Fields& f : root.SectionList(what + "_definitions")) {
        if (!f.Valid("level")) continue;
        const Text level = f.StrAt("level");
        if (!CheckReference(checker, level, known, what + " level", what + "_definitions")) continue;
        const auto [it, inserted] = first.emplace(level.m_value, level.m_line);
        if (!inserted) {
            checker.Error(level, what + " level '" + level.m_value + "' is defined twice (first at line " + std::to_string(it->second) + ")");
            continue;
        }
        out[level.m_value] = f.Str("text");
    }
}

} // namespace

//-----------------------------------------------------------------------------
// [SECTION] Support model
//-----------------------------------------------------------------------------

// The working week; wrong days or times are reported and leave the default in their place.
BusinessHours BusinessHoursFrom(const Fields& f, Checker& checker) {
    BusinessHours h;
    if (f.Valid("days")) {
        std::fill(std::begin(h.m_days), std::end(h.m_days), false);
        for (const Text& day : f.List("days")) {
            int index = -1;
            for (int d = 0; d < 7; ++d)
                if (day.m_value == kDayNames[d]) index = d;
            if (index < 0) {
                checker.Error(day, "unknown day '" + day.m_value + "' in business_hours (one of: mon, tue, wed, thu, fri, sat, sun)");
                continue;
            }
            if (h.m_days[index]) checker.Error(day, "day '" + day.m_value + "' is listed twice in business_hours");
            h.m_days[index] = true;
        }
    }
    auto timeOf = [&](const char* key, SimTime& out) {
        if (!f.Valid(key)) return false;
        const Text t = f.StrAt(key);
        const std::optional<SimTime> v = ParseTimeOfDay(t.m_value);
        if (!v) {
            checker.Error(t, std::string(key) + " of business_hours must be a 24-hour time such as \"08:30\", got '" + t.m_value + "'");
            return false;
        }
        out = *v;
        return true;
    };
    SimTime open = h.m_open, close = h.m_close;
    const bool openOk = timeOf("open", open), closeOk = timeOf("close", close);
    if (openOk && closeOk && close <= open) {
        checker.Error(f.At("close"), "business_hours close (" + FormatTimeOfDay(close) + ") must be after open (" + FormatTimeOfDay(open) + ")");
        return h;
    }
    if (openOk && closeOk) {
        h.m_open = open;
        h.m_close = close;
    }
    return h;
}

SupportModel BuildSupportModel(const Fields& root, Checker& checker) {
    SupportModel m;
    m.m_id = root.Str("id");
    m.m_title = root.Str("title");
    m.m_description = root.Str("description");
    m.m_delivery = DeliveryFrom(root.Str("delivery"));
    m.m_sourcePath = checker.Path();

    const auto& destinations = root.SectionList("destinations");
    CheckUniqueIds(checker, IdsOf(destinations), "destination");
    for (const Fields& f : destinations) {
        Destination d;
        d.m_id = f.Str("id");
        if (d.m_id == "resolve") checker.Error(f.At("id"), "'resolve' is reserved (it means the help desk resolves the ticket); give this destination another id");
        d.m_name = f.Str("name");
        d.m_kind = DestinationKindFrom(f.Str("kind"));
        d.m_tier = d.m_kind == DestinationKind::TierTeam ? static_cast<int>(f.Int("tier")) : 0;
        d.m_responsibilities = f.Strings("responsibilities");
        const auto& severities = f.SectionList("request_severities");
        CheckUniqueIds(checker, IdsOf(severities), "request severity");
        for (const Fields& sv : severities) d.m_requestSeverities.push_back({sv.Str("id"), sv.Str("name"), sv.Str("definition")});
        d.m_pos = PosOf(f);
        m.m_destinations.push_back(std::move(d));
    }

    const auto& roles = root.SectionList("roles");
    CheckUniqueIds(checker, IdsOf(roles), "role");
    for (const Fields& f : roles) {
        Role r;
        r.m_id = f.Str("id");
        r.m_name = f.Str("name");
        r.m_mayRequestElevation = f.Bool("may_request_elevation");
        r.m_responsibilities = f.Strings("responsibilities");
        r.m_pos = PosOf(f);
        m.m_roles.push_back(std::move(r));
    }
    if (root.Valid("elevation_managed_by")) {
        const Text ref = root.StrAt("elevation_managed_by");
        if (CheckReference(checker, ref, NameSet(IdStrings(m.m_roles)), "role", "elevation_managed_by"))
            m.m_elevationManagedBy = ref.m_value;
    }

    const auto& categories = root.SectionList("categories");
    CheckUniqueIds(checker, IdsOf(categories), "category");
    for (const Fields& f : categories)
        m.m_categories.push_back({f.Str("id"), f.Str("name"), AreaFrom(f.Str("area")), PosOf(f)});

    const auto& severities = root.SectionList("severities");
    CheckUniqueIds(checker, IdsOf(severities), "severity");
    for (const Fields& f : severities) {
        Severity s{f.Str("id"), f.Str("name"), f.Duration("first_response"), f.Duration("resolution"),
                   f.Str("clock") == "business_hours", PosOf(f)};
        if (s.m_businessHours && !root.Present("business_hours"))
            checker.Error(f.At("clock"), "severity '" + s.m_id + "' counts business hours, but the support model has no business_hours");
        if (f.Valid("first_response") && f.Valid("resolution") && s.m_firstResponse > s.m_resolution)
            checker.Error(f.At("first_response"), "first_response of severity '" + s.m_id + "' (" + FormatDuration(s.m_firstResponse) +
                                                      ") is later than its resolution target (" + FormatDuration(s.m_resolution) + ")");
        m.m_severities.push_back(std::move(s));
    }

    const std::vector<Text> impact = root.List("impact");
    const std::vector<Text> urgency = root.List("urgency");
    CheckUniqueLevels(checker, impact, "impact");
    CheckUniqueLevels(checker, urgency, "urgency");
    for (const Text& t : impact) m.m_impactLevels.push_back(t.m_value);
    for (const Text& t : urgency) m.m_urgencyLevels.push_back(t.m_value);
    LevelDefinitions(root, checker, "impact", m.m_impactLevels, m.m_impactDefinitions);
    LevelDefinitions(root, checker, "urgency", m.m_urgencyLevels, m.m_urgencyDefinitions);

    if (root.Valid("priority_matrix") && root.Valid("impact") && root.Valid("urgency")) {
        const auto matrix = root.Matrix("priority_matrix");
        const Text at = root.At("priority_matrix");
        if (matrix.size() != impact.size()) {
            checker.Error(at, "priority_matrix has " + std::to_string(matrix.size()) + " rows but there are " +
                                  std::to_string(impact.size()) + " impact levels (one row per impact level)");
        }
        const NameSet severityIds(IdStrings(m.m_severities));
        for (size_t r = 0; r < matrix.size(); ++r) {
            const auto& row = matrix[r];
            std::vector<int> cells;
            if (row.size() != urgency.size()) {
                const int line = row.empty() ? at.m_line : row.front().m_line;
                const int col = row.empty() ? at.m_col : row.front().m_col;
                checker.Error(line, col, "row " + std::to_string(r + 1) + " of priority_matrix has " + std::to_string(row.size()) +
                                             " cells but there are " + std::to_string(urgency.size()) + " urgency levels (one column per urgency level)");
            }
            for (const Text& cell : row) {
                const bool known = root.Valid("severities") && CheckReference(checker, cell, severityIds, "severity", "priority_matrix");
                cells.push_back(known ? m.SeverityIndex(cell.m_value) : -1);
            }
            m.m_priorityMatrix.push_back(std::move(cells));
        }
    }

    const auto& codes = root.SectionList("resolution_codes");
    CheckUniqueIds(checker, IdsOf(codes), "resolution code");
    for (const Fields& f : codes) m.m_resolutionCodes.push_back({f.Str("id"), f.Str("name")});
    if (const Fields* hours = root.Section("business_hours")) m.m_businessHours = BusinessHoursFrom(*hours, checker);
    return m;
}

} // namespace sl::detail
