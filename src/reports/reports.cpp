// SupportLab reports: cohort matrix, skills, item analysis and timeline from plain store rows.

// [SECTION] Common
// [SECTION] Cohort matrix
// [SECTION] Skills
// [SECTION] Item analysis
// [SECTION] Attempt timeline
// [SECTION] Lab progress

#include "reports/reports.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string_view>
#include <unordered_map>

namespace sl {

//-----------------------------------------------------------------------------
// [SECTION] Common
//-----------------------------------------------------------------------------

const char* ToString(Grading g) {
    switch (g) {
    case Grading::Highest: return "highest";
    case Grading::First: return "first";
    case Grading::Last: return "last";
    case Grading::Average: return "average";
    }
    return "?";
}

std::optional<Grading> GradingFromString(const std::string& s) {
    for (Grading g : {Grading::Highest, Grading::First, Grading::Last, Grading::Average})
        if (s == ToString(g)) return g;
    return std::nullopt;
}

double PassThresholds::For(const std::optional<std::string>& labId) const {
    if (labId) {
        const auto it = m_byLab.find(*labId);
        if (it != m_byLab.end()) return it->second;
    }
    return m_default;
}

namespace {

std::string Number(double v, int decimals = 1) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    std::string s = buf;
    // "70.0" reads better as "70".
    if (s.find('.') != std::string::npos) {
        while (!s.empty() && s.back() == '0') s.pop_back();
        if (!s.empty() && s.back() == '.') s.pop_back();
    }
    return s;
}

} // namespace

std::string PassThresholds::Describe() const {
    std::string out = Number(m_default) + "%";
    if (m_byLab.empty()) return out;
    out += " (";
    bool first = true;
    for (const auto& [lab, t] : m_byLab) {
        out += (first ? "" : ", ") + lab + ": " + Number(t) + "%";
        first = false;
    }
    return out + ")";
}

PassThresholds PassThresholds::FromLabs(const std::vector<LabInfo>& labs, double fallback) {
    PassThresholds t;
    t.m_default = fallback;
    for (const LabInfo& l : labs) t.m_byLab[l.m_labId] = l.m_passThreshold;
    return t;
}

double Percent(double score, double max) { return max > 0.0 ? 100.0 * score / max : 0.0; }

std::optional<double> AttemptPercent(const Attempt& a) {
    if (!a.m_finished || !a.m_score || !a.m_max) return std::nullopt;
    return Percent(*a.m_score, *a.m_max);
}

WallTime TimeOnTask(const Attempt& a) {
    WallTime end = a.m_startedWall;
    if (a.m_finished && a.m_endedWall) end = *a.m_endedWall;
    else if (a.m_lastWall) end = *a.m_lastWall;
    return std::max<WallTime>(0, end - a.m_startedWall);
}

namespace {

// (trainee, scenario) -> its attempts in id order. Keys view the attempts' strings.
using PairKey = std::pair<RowId, std::string_view>;
struct PairHash {
    size_t operator()(const PairKey& k) const {
        return std::hash<RowId>()(k.first) * 31u + std::hash<std::string_view>()(k.second);
    }
};
using PairMap = std::unordered_map<PairKey, std::vector<const Attempt*>, PairHash>;

PairMap GroupByPair(const std::vector<Attempt>& attempts, bool finishedOnly) {
    PairMap out;
    for (const Attempt& a : attempts)
        if (!finishedOnly || a.m_finished) out[{a.m_traineeId, a.m_scenarioId}].push_back(&a);
    for (auto& [k, v] : out)
        std::sort(v.begin(), v.end(), [](const Attempt* x, const Attempt* y) { return x->m_id < y->m_id; });
    return out;
}

// The graded attempts of one pair's finished attempts (in id order).
void PickGraded(const std::vector<const Attempt*>& finished, Grading grading, std::vector<const Attempt*>& out) {
    if (finished.empty()) return;
    switch (grading) {
    case Grading::First: out.push_back(finished.front()); break;
    case Grading::Last: out.push_back(finished.back()); break;
    case Grading::Average: out.insert(out.end(), finished.begin(), finished.end()); break;
    case Grading::Highest: {
        const Attempt* best = finished.front();
        for (const Attempt* a : finished)
            if (AttemptPercent(*a).value_or(0) > AttemptPercent(*best).value_or(0)) best = a; // ties: earliest
        out.push_back(best);
        break;
    }
    }
}

} // namespace

std::vector<const Attempt*> GradedAttempts(const std::vector<Attempt>& attempts, Grading grading) {
    std::vector<const Attempt*> out;
    for (const auto& [key, finished] : GroupByPair(attempts, true)) PickGraded(finished, grading, out);
    std::sort(out.begin(), out.end(), [](const Attempt* x, const Attempt* y) { return x->m_id < y->m_id; });
    return out;
}

//-----------------------------------------------------------------------------
// [SECTION] Cohort matrix
//-----------------------------------------------------------------------------

CohortMatrix BuildCohortMatrix(const std::vector<Trainee>& trainees, const std::vector<Attempt>& attempts,
                               Grading grading, const PassThresholds& thresholds) {
    CohortMatrix m;
    m.m_grading = grading;
    m.m_thresholds = thresholds;
    std::unordered_map<RowId, size_t> rowOf;
    for (const Trainee& t : trainees) {
        rowOf.emplace(t.m_id, m.m_rows.size());
        m.m_rows.push_back(MatrixRow{t, {}, 0, 0, std::nullopt});
    }
    for (const Attempt& a : attempts)
        if (rowOf.count(a.m_traineeId)) m.m_scenarios.push_back(a.m_scenarioId);
    std::sort(m.m_scenarios.begin(), m.m_scenarios.end());
    m.m_scenarios.erase(std::unique(m.m_scenarios.begin(), m.m_scenarios.end()), m.m_scenarios.end());
    std::unordered_map<std::string_view, size_t> colOf;
    for (size_t i = 0; i < m.m_scenarios.size(); ++i) colOf.emplace(m.m_scenarios[i], i);
    for (MatrixRow& r : m.m_rows) r.m_cells.resize(m.m_scenarios.size());

    for (const auto& [key, all] : GroupByPair(attempts, false)) {
        const auto row = rowOf.find(key.first);
        if (row == rowOf.end()) continue;
        MatrixCell& cell = m.m_rows[row->second].m_cells[colOf.at(key.second)];
        std::vector<const Attempt*> finished;
        for (const Attempt* a : all) {
            ++cell.m_started;
            cell.m_timeOnTask += TimeOnTask(*a);
            if (a->m_finished) finished.push_back(a);
            else if (a->m_abandonedWall) ++cell.m_abandoned;
        }
        cell.m_finished = static_cast<int>(finished.size());
        std::vector<const Attempt*> graded;
        PickGraded(finished, grading, graded);
        if (graded.empty()) continue;
        double sum = 0.0;
        for (const Attempt* a : graded) sum += AttemptPercent(*a).value_or(0.0);
        cell.m_percent = sum / static_cast<double>(graded.size());
        // The lab of the newest graded attempt sets the bar.
        cell.m_passed = *cell.m_percent >= thresholds.For(graded.back()->m_labId);
    }
    for (MatrixRow& r : m.m_rows) {
        double sum = 0.0;
        int n = 0;
        for (const MatrixCell& c : r.m_cells) {
            r.m_timeOnTask += c.m_timeOnTask;
            if (c.m_finished > 0) ++r.m_completed;
            if (c.m_percent) {
                sum += *c.m_percent;
                ++n;
            }
        }
        if (n > 0) r.m_meanPercent = sum / n;
    }
    return m;
}

//-----------------------------------------------------------------------------
// [SECTION] Skills
//-----------------------------------------------------------------------------

namespace {

struct SkillSums {
    std::array<double, kSkillDimensions.size()> m_score{};
    std::array<double, kSkillDimensions.size()> m_max{};
    std::array<int, kSkillDimensions.size()> m_items{};
};

int SkillIndex(Dimension d) {
    for (size_t i = 0; i < kSkillDimensions.size(); ++i)
        if (kSkillDimensions[i] == d) return static_cast<int>(i);
    return -1;
}

void AddDimension(SkillRow& row, SkillSums& sums, const AttemptDimensionRow& d) {
    if (d.m_dimension == Dimension::Hints) {
        row.m_hintsUsed += d.m_deductionCount;
        row.m_hintCost += d.m_deductedPoints;
        return;
    }
    if (d.m_dimension == Dimension::Sla) {
        row.m_slaTickets += d.m_itemCount;
        row.m_slaMet += d.m_fullCount;
    }
    const int k = SkillIndex(d.m_dimension);
    if (k < 0) return;
    sums.m_score[static_cast<size_t>(k)] += d.m_score;
    sums.m_max[static_cast<size_t>(k)] += d.m_max;
    sums.m_items[static_cast<size_t>(k)] += d.m_itemCount;
}

void FinishRow(SkillRow& row, const SkillSums& sums) {
    for (size_t k = 0; k < kSkillDimensions.size(); ++k)
        // Floored at 0: policy penalties (needless elevation on tickets where it is not in play)
        // can take more than the policy points the trainee's tickets offered.
        if (sums.m_max[k] > 0.0) row.m_percent[k] = std::max(0.0, Percent(sums.m_score[k], sums.m_max[k]));
    if (row.m_slaTickets > 0) row.m_slaAttainment = Percent(row.m_slaMet, row.m_slaTickets);
}

} // namespace

SkillsReport BuildSkills(const std::vector<Trainee>& trainees, const std::vector<Attempt>& attempts,
                         const std::vector<AttemptDimensionRow>& dimensions, Grading grading,
                         const PassThresholds& thresholds) {
    SkillsReport r;
    r.m_grading = grading;
    r.m_thresholds = thresholds;
    std::unordered_map<RowId, size_t> rowOf;
    for (const Trainee& t : trainees) {
        rowOf.emplace(t.m_id, r.m_rows.size());
        r.m_rows.push_back(SkillRow{t, 0, {}, 0, 0, std::nullopt, 0, 0.0});
    }
    std::vector<SkillSums> sums(r.m_rows.size());
    SkillSums total;
    // attempt id -> row, for the graded attempts of known trainees only.
    std::unordered_map<RowId, size_t> attemptRow;
    for (const Attempt* a : GradedAttempts(attempts, grading)) {
        const auto it = rowOf.find(a->m_traineeId);
        if (it == rowOf.end()) continue;
        attemptRow.emplace(a->m_id, it->second);
        ++r.m_rows[it->second].m_attempts;
        ++r.m_total.m_attempts;
    }
    for (const AttemptDimensionRow& d : dimensions) {
        const auto it = attemptRow.find(d.m_attemptId);
        if (it == attemptRow.end()) continue;
        AddDimension(r.m_rows[it->second], sums[it->second], d);
        AddDimension(r.m_total, total, d);
    }
    for (size_t i = 0; i < r.m_rows.size(); ++i) FinishRow(r.m_rows[i], sums[i]);
    FinishRow(r.m_total, total);
    return r;
}

//-----------------------------------------------------------------------------
// [SECTION] Item analysis
//-----------------------------------------------------------------------------

namespace {

double Share(double score, double max) { return max > 0.0 ? std::clamp(score / max, 0.0, 1.0) : 0.0; }

// One analysed item: its stat and the shares earned, keyed by the attempt's rank in its scenario.
struct ItemSamples {
    ItemStat m_stat;
    size_t m_itemOrder = 0; // first appearance of the item, for a stable layout
    std::vector<std::pair<size_t, double>> m_shares; // (rank, share)
};

} // namespace

std::string FewAttemptsCaution(const ItemAnalysis& a) {
    std::vector<std::pair<std::string, int>> few; // scenario, most first attempts of any of its items
    for (const ItemStat& it : a.m_items) {
        if (few.empty() || few.back().first != it.m_scenarioId) few.push_back({it.m_scenarioId, 0});
        few.back().second = std::max(few.back().second, it.m_n);
    }
    std::string list;
    for (const auto& [scenario, n] : few)
        if (n < kFewFirstAttempts) list += (list.empty() ? "" : ", ") + scenario + " (" + std::to_string(n) + ")";
    if (list.empty()) return {};
    return "Fewer than " + std::to_string(kFewFirstAttempts) + " first attempts: " + list +
           ". Facility and discrimination from so few are unstable: read them as hints, not verdicts.";
}

ItemAnalysis BuildItemAnalysis(const std::vector<Attempt>& attempts, const std::vector<ItemScoreRow>& items,
                               const std::vector<DimensionScoreRow>& dimensions, const PassThresholds& thresholds) {
    ItemAnalysis out;
    out.m_thresholds = thresholds;

    // One first finished attempt per trainee and scenario, ranked within its scenario by total
    // percent (highest first; ties: lower id first).
    std::map<std::string_view, std::vector<const Attempt*>> ranked;
    for (const auto& [key, finished] : GroupByPair(attempts, true)) ranked[key.second].push_back(finished.front());
    std::unordered_map<RowId, std::pair<const Attempt*, size_t>> used; // attempt id -> (attempt, rank)
    for (auto& [scenario, list] : ranked) {
        std::sort(list.begin(), list.end(), [](const Attempt* x, const Attempt* y) {
            const double px = AttemptPercent(*x).value_or(0), py = AttemptPercent(*y).value_or(0);
            return px != py ? px > py : x->m_id < y->m_id;
        });
        for (size_t r = 0; r < list.size(); ++r) used.emplace(list[r]->m_id, std::make_pair(list[r], r));
    }

    // Items of each used attempt, so a dimension row finds its item (and kind) without string keys.
    struct AttemptItem {
        const ItemScoreRow* m_row;
        size_t m_key; // index of the (scenario, item) pair
    };
    std::unordered_map<RowId, std::vector<AttemptItem>> itemsOf;
    std::unordered_map<std::string, size_t> keyOf; // "scenario\x1fitem" -> pair index
    std::vector<ItemSamples> samples;              // pair index * (kDimensionCount + 1) + (dimension + 1)
    auto slot = [&](size_t key, const Attempt& a, const ItemScoreRow& item, std::optional<Dimension> dim) -> ItemSamples& {
        ItemSamples& s = samples[key * (kDimensionCount + 1) + (dim ? static_cast<size_t>(*dim) + 1 : 0)];
        if (s.m_stat.m_itemId.empty()) {
            s.m_stat.m_scenarioId = a.m_scenarioId;
            s.m_stat.m_itemId = item.m_itemId;
            s.m_stat.m_title = item.m_title;
            s.m_stat.m_kind = item.m_kind;
            s.m_stat.m_dimension = dim;
            s.m_itemOrder = key;
        }
        return s;
    };
    for (const ItemScoreRow& row : items) {
        const auto u = used.find(row.m_attemptId);
        if (u == used.end()) continue;
        const Attempt& a = *u->second.first;
        const auto [it, fresh] = keyOf.try_emplace(a.m_scenarioId + '\x1f' + row.m_itemId, keyOf.size());
        if (fresh) samples.resize(keyOf.size() * (kDimensionCount + 1));
        itemsOf[row.m_attemptId].push_back({&row, it->second});
        if (row.m_kind == ItemKind::Question && row.m_max > 0.0)
            slot(it->second, a, row, std::nullopt).m_shares.emplace_back(u->second.second, Share(row.m_score, row.m_max));
    }
    for (const DimensionScoreRow& row : dimensions) {
        if (row.m_dimension == Dimension::Hints || row.m_max <= 0.0) continue;
        const auto u = used.find(row.m_attemptId);
        const auto list = itemsOf.find(row.m_attemptId);
        if (u == used.end() || list == itemsOf.end()) continue;
        for (const AttemptItem& ai : list->second)
            if (ai.m_row->m_itemIndex == row.m_itemIndex) {
                if (ai.m_row->m_kind == ItemKind::Ticket)
                    slot(ai.m_key, *u->second.first, *ai.m_row, row.m_dimension)
                        .m_shares.emplace_back(u->second.second, Share(row.m_score, row.m_max));
                break;
            }
    }

    std::vector<ItemSamples*> ordered;
    for (ItemSamples& s : samples)
        if (!s.m_shares.empty()) ordered.push_back(&s);
    // Scenarios in order; within one, items as first seen; a ticket's decisions in dimension order
    // (samples are laid out by dimension within an item, so a stable sort keeps that).
    std::stable_sort(ordered.begin(), ordered.end(), [](const ItemSamples* x, const ItemSamples* y) {
        if (x->m_stat.m_scenarioId != y->m_stat.m_scenarioId) return x->m_stat.m_scenarioId < y->m_stat.m_scenarioId;
        return x->m_itemOrder < y->m_itemOrder;
    });
    for (ItemSamples* s : ordered) {
        ItemStat st = std::move(s->m_stat);
        // Only the attempts that scored this item take part, in rank order.
        std::sort(s->m_shares.begin(), s->m_shares.end());
        st.m_n = static_cast<int>(s->m_shares.size());
        double sum = 0.0;
        for (const auto& [rank, share] : s->m_shares) sum += share;
        st.m_facility = 100.0 * sum / st.m_n;
        st.m_facilityFlag = st.m_facility < kFacilityLow || st.m_facility > kFacilityHigh;
        if (st.m_n >= 2) {
            const int g = std::max<int>(1, static_cast<int>(std::lround(kGroupShare * st.m_n)));
            double upper = 0.0, lower = 0.0;
            for (int i = 0; i < g; ++i) {
                upper += s->m_shares[static_cast<size_t>(i)].second;
                lower += s->m_shares[static_cast<size_t>(st.m_n - 1 - i)].second;
            }
            st.m_groupSize = g;
            st.m_discrimination = (upper - lower) / g;
            st.m_discriminationFlag = *st.m_discrimination < kDiscriminationLow;
        }
        out.m_items.push_back(std::move(st));
    }
    return out;
}

//-----------------------------------------------------------------------------
// [SECTION] Attempt timeline
//-----------------------------------------------------------------------------

Timeline BuildTimeline(const Attempt& attempt, const std::string& traineeName, const std::vector<Event>& events,
                       double passThreshold) {
    Timeline t;
    t.m_attempt = attempt;
    t.m_traineeName = traineeName;
    t.m_passThreshold = passThreshold;
    std::optional<double> before = attempt.m_startScore;
    for (const Event& e : events) {
        TimelineEntry entry{e.m_seq, e.m_simTime, e.m_wallTime, e.m_actionText, e.m_scoreAfter, std::nullopt, std::nullopt};
        if (before && e.m_scoreAfter) entry.m_effect = *e.m_scoreAfter - *before;
        before = e.m_scoreAfter;
        t.m_entries.push_back(std::move(entry));
    }
    return t;
}

bool AddBreakdown(Timeline& timeline, const Scenario& scenario, std::string* why) {
    const Attempt& a = timeline.m_attempt;
    if (scenario.m_contentHash != a.m_contentHash) {
        *why = "scenario '" + a.m_scenarioId + "' has changed since this attempt was played, so its actions are not taken apart";
        return false;
    }
    std::string text;
    for (const TimelineEntry& e : timeline.m_entries) text += e.m_action + "\n";
    const ScriptParseResult parsed = ParseActionScript(text);
    if (!parsed.Ok() || parsed.m_script.m_actions.size() != timeline.m_entries.size()) {
        *why = "the attempt's log does not read as actions, so its actions are not taken apart";
        return false;
    }
    // One replay at the recorded simulated times, as the attempt was played: each action's effect,
    // then its certainty marks and what happened to the room (an inject that fires by itself has no
    // line in the log).
    std::vector<SimTime> at;
    at.reserve(timeline.m_entries.size());
    for (const TimelineEntry& e : timeline.m_entries) at.push_back(e.m_simTime);
    Simulation sim(scenario, a.m_seed);
    const std::vector<ActionEffect> effects = ActionEffectsAt(sim, parsed.m_script.m_actions, at);
    for (size_t i = 0; i < effects.size(); ++i) timeline.m_entries[i].m_breakdown = effects[i];
    if (a.m_endSimTime) sim.AdvanceTo(*a.m_endSimTime);
    if (scenario.m_certaintyMarking) timeline.m_certainty = Score(sim).m_certainty;
    timeline.m_room = sim.RoomLog();
    return true;
}

//-----------------------------------------------------------------------------
// [SECTION] Injects compared
//-----------------------------------------------------------------------------

namespace {

std::string HowItFired(const InjectState& in) {
    switch (in.m_firedBy) {
    case InjectSource::Plan: return "as planned";
    case InjectSource::Room: return "by the trainer";
    case InjectSource::Contingency: return "its condition failed";
    }
    return "?";
}

std::string WhyNotFired(const InjectState& in) {
    if (in.m_status == InjectStatus::Skipped) return "skipped by the trainer";
    if (in.m_def->m_unless) return in.m_deadline >= 0 ? "its deadline is still ahead" : "not fired: the expected action came in time, or its clock never started";
    if (in.m_status == InjectStatus::Scheduled) return "still to come at " + FormatClock(in.m_due);
    return "not fired";
}

} // namespace

std::vector<InjectHandling> CompareInjects(const Scenario& scenario,
                                           const std::vector<std::pair<std::string, const Simulation*>>& runs,
                                           const std::vector<RowId>& attemptIds) {
    std::vector<InjectHandling> out;
    std::vector<ScoreReport> reports; // once per run, not per inject
    reports.reserve(runs.size());
    for (const auto& run : runs) reports.push_back(Score(*run.second));
    for (const Inject& def : scenario.m_injects) {
        for (size_t r = 0; r < runs.size(); ++r) {
            const Simulation& sim = *runs[r].second;
            const ScoreReport& report = reports[r];
            const InjectState* in = sim.FindInject(def.m_id);
            if (!in) continue;
            InjectHandling h;
            h.m_injectId = def.m_id;
            h.m_title = def.m_title;
            h.m_kind = def.m_unless ? "contingency" : def.m_at ? "planned" : "library";
            h.m_trainee = runs[r].first;
            h.m_attemptId = r < attemptIds.size() ? attemptIds[r] : 0;
            if (in->m_status == InjectStatus::Fired) {
                h.m_firedAt = in->m_firedAt;
                h.m_how = HowItFired(*in);
                h.m_late = in->m_late;
            } else {
                h.m_how = WhyNotFired(*in);
            }
            h.m_tickets = static_cast<int>(def.m_tickets.size());
            std::vector<double> responses;
            double score = 0, max = 0;
            for (const std::string& id : def.m_tickets) {
                const TicketState* t = sim.FindTicket(id);
                if (!t || t->m_status == TicketStatus::NotArrived) continue;
                ++h.m_arrived;
                if (t->m_doneAt) ++h.m_done;
                if (sim.FirstResponseSla(*t) == SlaState::Breached || sim.ResolutionSla(*t) == SlaState::Breached) ++h.m_breached;
                if (t->m_firstResponseAt) responses.push_back(static_cast<double>(*t->m_firstResponseAt - t->m_arrives));
                for (const ItemScore& item : report.m_items)
                    if (item.m_kind == ItemKind::Ticket && item.m_itemId == id) {
                        score += item.m_score;
                        max += item.m_max;
                    }
            }
            if (const auto m = Median(responses)) h.m_medianFirstResponse = static_cast<SimTime>(*m);
            if (max > 0) h.m_percent = 100.0 * score / max;
            out.push_back(std::move(h));
        }
    }
    return out;
}

//-----------------------------------------------------------------------------
// [SECTION] Room timeline
//-----------------------------------------------------------------------------

std::vector<RoomTimelineRow> BuildRoomTimeline(const std::vector<Attempt>& attempts, const std::map<RowId, std::string>& names,
                                               const std::map<RowId, std::vector<Event>>& events,
                                               const std::vector<SentInstruction>& sent) {
    std::vector<RoomTimelineRow> rows;
    for (const SentInstruction& in : sent) {
        std::string what = "sent #" + std::to_string(in.m_seq) + ": inject " + in.m_injectId;
        if (in.m_op == "skip") what += " skip";
        else if (in.m_op == "at") what += " at " + FormatClock(in.m_due.value_or(0));
        if (!in.m_firedBy.empty()) what += " (by " + in.m_firedBy + ")";
        rows.push_back({in.m_firedWall, "room", std::nullopt, in.m_scenarioId, std::move(what)});
    }
    for (const Attempt& a : attempts) {
        const auto it = events.find(a.m_id);
        if (it == events.end()) continue;
        const auto name = names.find(a.m_traineeId);
        const std::string who = name != names.end() ? name->second : "#" + std::to_string(a.m_traineeId);
        for (const Event& e : it->second) rows.push_back({e.m_wallTime, who, e.m_simTime, a.m_scenarioId, e.m_actionText});
    }
    // The room's instructions first within a millisecond: they are what the actions answer to.
    std::stable_sort(rows.begin(), rows.end(), [](const RoomTimelineRow& x, const RoomTimelineRow& y) {
        if (x.m_wall != y.m_wall) return x.m_wall < y.m_wall;
        return (x.m_who == "room") > (y.m_who == "room");
    });
    return rows;
}

std::string FormatReasonChanges(const ActionEffect& e) {
    std::string out;
    for (const ReasonChange& r : e.m_reasons) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%+.2f ", r.m_points);
        out += (out.empty() ? "" : "; ") + std::string(buf) + ToString(r.m_dimension) + " (" + r.m_itemId + "): " +
               (r.m_points < 0 ? "" : "no longer: ") + r.m_reason;
    }
    return out;
}

//-----------------------------------------------------------------------------
// [SECTION] Lab progress
//-----------------------------------------------------------------------------

std::string HoursMinutes(double seconds) {
    const long long minutes = std::isfinite(seconds) && seconds > 0.0 ? static_cast<long long>(seconds / 60.0) : 0;
    char buf[32];
    std::snprintf(buf, sizeof buf, "%lld:%02lld", minutes / 60, minutes % 60);
    return buf;
}

std::optional<double> Median(std::vector<double> values) {
    if (values.empty()) return std::nullopt;
    std::sort(values.begin(), values.end());
    const size_t n = values.size();
    return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2.0;
}

LabProgressReport BuildLabProgress(const Lab& lab, const std::vector<Trainee>& trainees,
                                   const std::vector<LabRunRecord>& runs, double fastUnderSeconds,
                                   const std::map<RowId, double>& sessionFastUnder) {
    LabProgressReport r;
    r.m_fastUnderSeconds = fastUnderSeconds > 0 ? fastUnderSeconds : 0;
    r.m_labId = lab.m_id;
    r.m_labTitle = lab.m_title;
    r.m_modules = static_cast<int>(lab.m_modules.size());
    std::unordered_map<RowId, size_t> rowOf;
    for (const Trainee& t : trainees) {
        rowOf.emplace(t.m_id, r.m_rows.size());
        LabProgressRow row;
        row.m_trainee = t;
        row.m_total = r.m_modules;
        r.m_rows.push_back(std::move(row));
    }
    // Each trainee's newest run (highest id), and how many they have.
    std::vector<const LabRunRecord*> newest(r.m_rows.size(), nullptr);
    for (const LabRunRecord& run : runs) {
        if (run.m_labId != lab.m_id) continue;
        const auto it = rowOf.find(run.m_traineeId);
        if (it == rowOf.end()) continue;
        ++r.m_rows[it->second].m_runs;
        const LabRunRecord*& n = newest[it->second];
        if (!n || run.m_id > n->m_id) n = &run;
    }
    std::vector<double> started, finished;
    for (size_t i = 0; i < r.m_rows.size(); ++i) {
        const LabRunRecord* run = newest[i];
        if (!run) continue;
        LabProgressRow& row = r.m_rows[i];
        row.m_runId = run->m_id;
        row.m_sessionId = run->m_sessionId;
        row.m_startedWall = run->m_startedWall;
        row.m_finished = run->m_finished;
        std::unordered_map<std::string_view, bool> done;
        std::unordered_map<std::string_view, double> seconds;
        for (const LabModuleMark& m : run->m_modules) {
            row.m_seconds += m.m_seconds;
            done[m.m_moduleId] = m.m_done;
            seconds[m.m_moduleId] += m.m_seconds;
        }
        // The trainer's threshold for the run's session wins over the report's.
        double fastUnder = r.m_fastUnderSeconds;
        if (run->m_sessionId)
            if (const auto t = sessionFastUnder.find(*run->m_sessionId); t != sessionFastUnder.end() && t->second > 0) {
                fastUnder = t->second;
                r.m_sessionThresholds = true;
            }
        for (const LabModule& m : lab.m_modules) {
            const auto d = done.find(m.m_id);
            if (d != done.end() && d->second && fastUnder > 0 && seconds[m.m_id] < fastUnder)
                row.m_fastModules.push_back(m.m_id);
            if (d != done.end() && d->second) ++row.m_done;
            else if (row.m_currentModule.empty() && !row.m_finished) {
                row.m_currentModule = m.m_id;
                row.m_currentTitle = m.m_title;
            }
        }
        ++r.m_started;
        if (!row.m_fastModules.empty()) ++r.m_flagged;
        started.push_back(row.m_seconds);
        if (row.m_finished) {
            ++r.m_finished;
            finished.push_back(row.m_seconds);
        }
    }
    r.m_medianSeconds = Median(started);
    r.m_medianFinishedSeconds = Median(finished);
    return r;
}

} // namespace sl
