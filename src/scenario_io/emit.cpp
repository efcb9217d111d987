// SupportLab scenario_io: writing a scenario back out as a scenario file (the assessment forms the server keeps and sends).
#include "scenario_io/emit.hpp"

#include <yaml-cpp/emitter.h>
#include <yaml-cpp/emittermanip.h>

#include <charconv>

namespace sl {

namespace {

// The shortest text that reads back as the same double.
std::string Number(double v) {
    char buf[64];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, r.ptr);
}

class Writer {
public:
    Writer() { m_out.SetIndent(2); }

    void Text(const char* key, const std::string& value) {
        m_out << YAML::Key << key << YAML::Value << YAML::DoubleQuoted << value;
    }
    void TextIf(const char* key, const std::string& value) {
        if (!value.empty()) Text(key, value);
    }
    void Plain(const char* key, const std::string& value) { m_out << YAML::Key << key << YAML::Value << value; }
    void Int(const char* key, long long value) { Plain(key, std::to_string(value)); }
    void Real(const char* key, double value) { Plain(key, Number(value)); }
    void Bool(const char* key, bool value) { Plain(key, value ? "true" : "false"); }
    void Ids(const char* key, const std::vector<std::string>& ids) {
        m_out << YAML::Key << key << YAML::Value << YAML::Flow << YAML::BeginSeq;
        for (const std::string& id : ids) m_out << id;
        m_out << YAML::EndSeq;
    }
    void Texts(const char* key, const std::vector<std::string>& texts) {
        m_out << YAML::Key << key << YAML::Value << YAML::BeginSeq;
        for (const std::string& t : texts) m_out << YAML::DoubleQuoted << t;
        m_out << YAML::EndSeq;
    }
    void BeginMap(const char* key) { m_out << YAML::Key << key << YAML::Value << YAML::BeginMap; }
    void BeginMap() { m_out << YAML::BeginMap; }
    void EndMap() { m_out << YAML::EndMap; }
    void BeginSeq(const char* key) { m_out << YAML::Key << key << YAML::Value << YAML::BeginSeq; }
    void EndSeq() { m_out << YAML::EndSeq; }
    std::string Str() const { return std::string(m_out.c_str()) + "\n"; }

private:
    YAML::Emitter m_out;
};

const char* SourceName(FactSource s) {
    switch (s) {
    case FactSource::Ask: return "ask";
    case FactSource::Diagnostic: return "diagnostic";
    case FactSource::Step: return "step";
    }
    return "ask";
}

void WriteWeights(Writer& w, const ScoringWeights& s) {
    w.BeginMap("scoring");
    w.Real("triage", s.m_triage);
    w.Real("troubleshooting", s.m_troubleshooting);
    w.Real("routing", s.m_routing);
    w.Real("sla", s.m_sla);
    w.Real("policy", s.m_policy);
    w.Real("acceptable_route_credit", s.m_acceptableRouteCredit);
    w.Real("hop_penalty", s.m_hopPenalty);
    w.Real("sla_warned_credit", s.m_slaWarnedCredit);
    w.Real("priority_step_penalty", s.m_priorityStepPenalty);
    w.EndMap();
}

void WriteCosts(Writer& w, const ActionCosts& c) {
    w.BeginMap("costs");
    w.Int("acknowledge", c.m_acknowledge);
    w.Int("ask", c.m_ask);
    w.Int("diagnose", c.m_diagnose);
    w.Int("step", c.m_step);
    w.Int("triage", c.m_triage);
    w.Int("elevate", c.m_elevate);
    w.Int("link", c.m_link);
    w.Int("escalate", c.m_escalate);
    w.Int("resolve", c.m_resolve);
    w.Int("hint", c.m_hint);
    w.Int("answer", c.m_answer);
    w.Int("pend", c.m_pend);
    if (c.m_share != ActionCosts{}.m_share) w.Int("share", c.m_share); // absent before `share` existed: forms published then stay the same
    w.EndMap();
}

void WritePerson(Writer& w, const Person& p) {
    w.Text("name", p.m_name);
    w.Text("department", p.m_department);
    if (!p.m_role.empty()) w.Plain("role", p.m_role);
}

void WriteDevice(Writer& w, const Device& d) {
    w.Text("model", d.m_model);
    w.Text("os", d.m_os);
    w.Text("serial", d.m_serial);
    w.Text("notes", d.m_notes);
}

void WriteHints(Writer& w, const std::vector<Hint>& hints) {
    if (hints.empty()) return;
    w.BeginSeq("hints");
    for (const Hint& h : hints) {
        w.BeginMap();
        w.Text("text", h.m_text);
        w.Real("cost", h.m_cost);
        w.EndMap();
    }
    w.EndSeq();
}

void WritePools(Writer& w, const Pools& pools) {
    w.BeginMap("pools");
    w.BeginMap("users");
    for (const auto& [name, people] : pools.m_users) {
        w.BeginSeq(name.c_str());
        for (const Person& p : people) {
            w.BeginMap();
            WritePerson(w, p);
            w.EndMap();
        }
        w.EndSeq();
    }
    w.EndMap();
    w.BeginMap("devices");
    for (const auto& [name, devices] : pools.m_devices) {
        w.BeginSeq(name.c_str());
        for (const Device& d : devices) {
            w.BeginMap();
            WriteDevice(w, d);
            w.EndMap();
        }
        w.EndSeq();
    }
    w.EndMap();
    w.EndMap();
}

void WriteQuestion(Writer& w, const Question& q, bool withKey) {
    w.BeginMap();
    w.Plain("id", q.m_id);
    w.Plain("type", ToString(q.m_type));
    w.Text("topic", q.m_topic);
    w.Text("prompt", q.m_prompt);
    w.Real("points", q.m_points);
    w.BeginSeq("options");
    for (const Option& o : q.m_options) {
        w.BeginMap();
        w.Plain("id", o.m_id);
        w.Text("text", o.m_text);
        w.EndMap();
    }
    w.EndSeq();
    if (!q.m_pairs.empty()) {
        w.BeginSeq("pairs");
        for (const MatchPair& p : q.m_pairs) {
            w.BeginMap();
            w.Plain("id", p.m_id);
            w.Text("left", p.m_left);
            if (withKey) w.Plain("right", p.m_right);
            w.EndMap();
        }
        w.EndSeq();
    }
    if (withKey) {
        if (q.m_type == QuestionType::Single && q.m_answer.size() == 1) w.Plain("answer", q.m_answer.front());
        else if (q.m_type != QuestionType::Matching) w.Ids("answer", q.m_answer);
        w.Text("explanation", q.m_explanation);
        WriteHints(w, q.m_hints);
    }
    w.EndMap();
}

void WriteStep(Writer& w, const Step& s, bool withKey) {
    w.BeginMap();
    w.Plain("id", s.m_id);
    w.Text("text", s.m_text);
    if (withKey && s.m_kind != StepKind::Neutral) {
        w.Plain("kind", s.m_kind == StepKind::Required ? "required" : "harmful");
        if (s.m_kind == StepKind::Harmful) w.Text("harm", s.m_harmReason);
    }
    w.Ids("requires", s.m_requires);
    if (withKey && s.m_requiresElevation) w.Bool("requires_elevation", true);
    if (s.m_cost >= 0) w.Int("cost", s.m_cost);
    if (s.m_outcomes.empty()) {
        w.EndMap();
        return;
    }
    w.BeginSeq("outcomes");
    for (const Outcome& o : s.m_outcomes) {
        w.BeginMap();
        w.Ids("when", o.m_when);
        w.Text("text", o.m_text);
        w.Ids("reveals", o.m_reveals);
        w.Bool("fixes", o.m_fixes);
        w.EndMap();
    }
    w.EndSeq();
    w.EndMap();
}

void WriteInject(Writer& w, const Inject& in, bool withKey) {
    w.BeginMap();
    w.Plain("id", in.m_id);
    w.Text("title", in.m_title);
    if (in.m_at) w.Int("at", *in.m_at);
    if (in.m_unless && withKey) {
        const InjectCondition& c = *in.m_unless;
        w.BeginMap("unless");
        w.Plain("action", ToString(c.m_action));
        if (!c.m_to.empty()) w.Plain("to", c.m_to);
        w.Ids("tickets", c.m_tickets);
        w.Int("by", c.m_by);
        if (!c.m_after.empty()) w.Plain("after", c.m_after);
        w.EndMap();
    }
    if (!in.m_tickets.empty()) w.Ids("tickets", in.m_tickets);
    if (!in.m_message.empty()) w.Text("message", in.m_message);
    if (!in.m_destination.empty()) {
        w.Plain("destination", in.m_destination);
        w.Int("returns_after", in.m_returnsAfter);
    }
    if (withKey && !in.m_notes.empty()) w.Text("notes", in.m_notes);
    w.EndMap();
}

void WriteTicket(Writer& w, const Ticket& t, bool withKey) {
    w.BeginMap();
    w.Plain("id", t.m_id);
    w.Text("subject", t.m_subject);
    w.Plain("channel", t.m_channel);
    w.Int("arrives", t.m_arrives);
    if (!t.m_user.m_name.empty()) {
        w.BeginMap("user");
        WritePerson(w, t.m_user);
        w.EndMap();
    }
    if (!t.m_device.m_model.empty()) {
        w.BeginMap("device");
        WriteDevice(w, t.m_device);
        w.EndMap();
    }
    w.Text("report", t.m_report);
    if (!t.m_reportedImpact.empty() || !t.m_reportedUrgency.empty()) {
        w.BeginMap("reported");
        if (!t.m_reportedImpact.empty()) w.Plain("impact", t.m_reportedImpact);
        if (!t.m_reportedUrgency.empty()) w.Plain("urgency", t.m_reportedUrgency);
        w.EndMap();
    }
    if (!t.m_elevationRequester.empty()) w.Plain("elevation_requester", t.m_elevationRequester);
    const Variation& v = t.m_variation;
    if (!v.m_userPool.empty() || !v.m_devicePool.empty() || !v.m_reports.empty() || v.m_jitter != 0) {
        w.BeginMap("vary");
        if (!v.m_userPool.empty()) w.Plain("user", v.m_userPool);
        if (!v.m_devicePool.empty()) w.Plain("device", v.m_devicePool);
        if (!v.m_reports.empty()) w.Texts("report", v.m_reports);
        w.Int("jitter", v.m_jitter);
        w.EndMap();
    }
    w.BeginSeq("facts");
    for (const Fact& f : t.m_facts) {
        w.BeginMap();
        w.Plain("id", f.m_id);
        w.Plain("source", SourceName(f.m_source));
        if (f.m_source != FactSource::Step) w.Text("prompt", f.m_prompt);
        w.Text("text", f.m_text);
        w.Ids("requires", f.m_requires);
        if (f.m_cost >= 0 && f.m_source != FactSource::Step) w.Int("cost", f.m_cost);
        if (f.m_replyAfter > 0 && f.m_source != FactSource::Step) {
            w.Int("reply_after", f.m_replyAfter);
            w.Text("waits_on", f.m_fromVendor ? "vendor" : "user");
        }
        w.EndMap();
    }
    w.EndSeq();
    w.BeginSeq("steps");
    for (const Step& s : t.m_steps) WriteStep(w, s, withKey);
    w.EndSeq();
    if (withKey) {
        const TicketAnswer& a = t.m_answer;
        w.BeginMap("answer");
        w.Plain("category", a.m_category);
        w.Plain("impact", a.m_impact);
        w.Plain("urgency", a.m_urgency);
        if (!a.m_route.empty()) w.Plain("route", a.m_route);
        w.Ids("acceptable_routes", a.m_acceptableRoutes);
        w.Ids("resolution", a.m_resolutionCodes);
        w.Bool("elevation_needed", a.m_elevationNeeded);
        if (!a.m_incident.empty()) w.Plain("incident", a.m_incident);
        if (!a.m_requestSeverity.empty()) w.Plain("request_severity", a.m_requestSeverity);
        if (a.m_shareTrend) w.Bool("share_trend", true);
        w.Text("explanation", a.m_explanation);
        w.EndMap();
        WriteHints(w, t.m_hints);
        if (t.m_weights) WriteWeights(w, *t.m_weights);
    }
    w.EndMap();
}

} // namespace

std::string EmitScenarioYaml(const Scenario& s, const std::string& supportModelPath) {
    const bool withKey = !s.m_keyWithheld;
    const bool tickets = s.m_kind != ScenarioKind::PlanReview;
    Writer w;
    w.BeginMap();
    w.Int("format", s.m_formatVersion);
    w.Plain("kind", ToString(s.m_kind));
    w.Plain("id", s.m_id);
    if (!withKey) w.Bool("trainee_part", true);
    w.Text("title", s.m_title);
    w.Text("description", s.m_description);
    if (withKey) w.Text("notes", s.m_notes);
    w.Text("support_model", supportModelPath);
    if (!s.m_playerRole.empty()) w.Plain("player_role", s.m_playerRole);
    w.Plain("clock", s.m_clock == ClockMode::Assessment ? "assessment" : "practice");
    if (s.m_kind != ScenarioKind::PlanReview) w.Text("starts", FormatWeekMoment(s.m_startsAt));
    w.Int("time_budget", s.m_timeBudget);
    w.Int("misroute_return", s.m_misrouteReturn);
    if (s.m_certaintyMarking) w.Bool("certainty_marking", true);
    w.Int("seed", static_cast<long long>(s.m_defaultSeed));
    WriteCosts(w, s.m_costs);
    if (withKey) WriteWeights(w, s.m_weights);
    if (tickets) WritePools(w, s.m_pools);
    if (!s.m_questions.empty()) {
        w.BeginSeq("questions");
        for (const Question& q : s.m_questions) WriteQuestion(w, q, withKey);
        w.EndSeq();
    }
    if (tickets && withKey) {
        w.BeginSeq("incidents");
        for (const Incident& inc : s.m_incidents) {
            w.BeginMap();
            w.Plain("id", inc.m_id);
            w.Text("title", inc.m_title);
            w.Plain("route", inc.m_route);
            w.Text("explanation", inc.m_explanation);
            w.EndMap();
        }
        w.EndSeq();
    }
    if (tickets) {
        w.BeginSeq("tickets");
        for (const Ticket& t : s.m_tickets) WriteTicket(w, t, withKey);
        w.EndSeq();
    }
    if (tickets && !s.m_injects.empty()) {
        w.BeginSeq("injects");
        for (const Inject& in : s.m_injects) WriteInject(w, in, withKey);
        w.EndSeq();
    }
    w.EndMap();
    return w.Str();
}

} // namespace sl
