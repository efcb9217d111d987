// SupportLab scenario_io: the key tables of format 1 and their Markdown rendering.
#include "scenario_io/spec.hpp"

#include <cstdio>

namespace sl {

// [SECTION] Table helpers
// [SECTION] Support model
// [SECTION] Scenario
// [SECTION] Questions
// [SECTION] Tickets
// [SECTION] Lab
// [SECTION] Look-ups and Markdown

namespace {

//-----------------------------------------------------------------------------
// [SECTION] Table helpers
//-----------------------------------------------------------------------------

KeySpec Key(std::string name, ValueType type) {
    KeySpec key;
    key.m_name = std::move(name);
    key.m_type = type;
    return key;
}

KeySpec EnumKey(std::string name, std::vector<std::string> values) {
    KeySpec key = Key(std::move(name), ValueType::Enum);
    key.m_enum = std::move(values);
    return key;
}

KeySpec SectionKey(std::string name, ValueType type, std::string section) {
    KeySpec key = Key(std::move(name), type);
    key.m_section = std::move(section);
    return key;
}

const std::vector<std::string> kTicketKinds = {"common_issues", "escalation_drill"};

KeySpec FormatKey() {
    return Key("format", ValueType::Int).Required().Range(1, std::nullopt).Summary("format version; this document describes 1");
}

KeySpec IdKey(std::string what) { return Key("id", ValueType::Id).Required().Summary("unique id of the " + what); }

//-----------------------------------------------------------------------------
// [SECTION] Support model
//-----------------------------------------------------------------------------

void AddSupportModel(std::vector<SectionSpec>& out) {
    out.push_back({"support_model", "support model", {
        FormatKey(),
        EnumKey("kind", {"support_model"}).Required().Summary("file kind"),
        IdKey("support model"),
        Key("title", ValueType::String).Required().Summary("display name"),
        Key("description", ValueType::String).Default("").Summary("what the organisation's support looks like"),
        EnumKey("delivery", {"internal", "customer_led", "partner_led"}).Default("internal").Summary("support delivery mode"),
        SectionKey("destinations", ValueType::SectionList, "destination").Required().Items(1).Summary("every place a ticket can be escalated or transferred to"),
        SectionKey("roles", ValueType::SectionList, "role").Default("[]").Summary("people in the support organisation"),
        Key("elevation_managed_by", ValueType::Id).Default("").Refers("role").Summary("role that manages elevated privileges"),
        SectionKey("categories", ValueType::SectionList, "category").Required().Items(1).Summary("problem categories"),
        SectionKey("severities", ValueType::SectionList, "severity").Required().Items(1).Summary("severity levels, most severe first; a severity is also a priority"),
        Key("impact", ValueType::IdList).Required().Items(1).Summary("impact levels, most to least"),
        Key("urgency", ValueType::IdList).Required().Items(1).Summary("urgency levels, most to least"),
        SectionKey("impact_definitions", ValueType::SectionList, "level_definition").Default("[]").Summary("what each impact level means; trainees see it when they triage"),
        SectionKey("urgency_definitions", ValueType::SectionList, "level_definition").Default("[]").Summary("what each urgency level means; trainees see it when they triage"),
        Key("priority_matrix", ValueType::IdMatrix).Required().Items(1).Refers("severity").Summary("one row per impact level, one column per urgency level; cells are severity ids"),
        SectionKey("resolution_codes", ValueType::SectionList, "resolution_code").Required().Items(1).Summary("codes a resolved ticket is closed with"),
        SectionKey("business_hours", ValueType::Section, "business_hours").Summary("the working week that `clock: business_hours` severities count; none: every target runs around the clock"),
    }});
    out.push_back({"business_hours", "business hours", {
        Key("days", ValueType::IdList).Items(1, 7).Default("[mon, tue, wed, thu, fri]").Summary("working days: `mon` to `sun`"),
        Key("open", ValueType::String).Required().Summary("opening time on a working day, 24-hour `HH:MM`"),
        Key("close", ValueType::String).Required().Summary("closing time, `HH:MM` after `open` (`24:00` is midnight)"),
    }});
    out.push_back({"destination", "destination", {
        IdKey("destination; `resolve` is reserved"),
        Key("name", ValueType::String).Required().Summary("display name"),
        EnumKey("kind", {"tier", "service_operations", "hardware_vendor", "existing_channel", "it_admin"}).Required().Summary("what the destination is"),
        Key("tier", ValueType::Int).Range(1, 4).RequiredWhen("kind", {"tier"}).AllowedWhen("kind", {"tier"}).Summary("tier number"),
        Key("responsibilities", ValueType::StringList).Default("[]").Summary("what this destination handles"),
        SectionKey("request_severities", ValueType::SectionList, "request_severity").Default("[]").Summary("the severities a request to it is filed with, by its own definitions (a service's admin support severities), most severe first; none: it takes no severity"),
    }});
    out.push_back({"request_severity", "request severity", {
        IdKey("request severity; unique in the destination"),
        Key("name", ValueType::String).Required().Summary("display name, e.g. `Severity A`"),
        Key("definition", ValueType::String).Required().Summary("when a request has this severity; trainees see it when they escalate"),
    }});
    out.push_back({"role", "role", {
        IdKey("role"),
        Key("name", ValueType::String).Required().Summary("display name"),
        Key("may_request_elevation", ValueType::Bool).Default("false").Summary("whether this role may request elevated device privileges"),
        Key("responsibilities", ValueType::StringList).Default("[]").Summary("what this role does"),
    }});
    out.push_back({"category", "category", {
        IdKey("category"),
        Key("name", ValueType::String).Required().Summary("display name"),
        EnumKey("area", {"os", "productivity", "browser", "device", "infrastructure", "lob"}).Required().Summary("problem area"),
    }});
    out.push_back({"severity", "severity", {
        IdKey("severity"),
        Key("name", ValueType::String).Required().Summary("display name"),
        Key("first_response", ValueType::Duration).Required().Summary("first-response target"),
        Key("resolution", ValueType::Duration).Required().Summary("resolution target"),
        EnumKey("clock", {"always", "business_hours"}).Default("always").Summary("whether the targets count every hour or only the support model's `business_hours`"),
    }});
    out.push_back({"level_definition", "level definition", {
        Key("level", ValueType::Id).Required().Summary("the impact or urgency level it defines"),
        Key("text", ValueType::String).Required().Summary("what the level means, in the organisation's words"),
    }});
    out.push_back({"resolution_code", "resolution code", {
        IdKey("resolution code"),
        Key("name", ValueType::String).Required().Summary("display name"),
    }});
}

//-----------------------------------------------------------------------------
// [SECTION] Scenario
//-----------------------------------------------------------------------------

void AddScenario(std::vector<SectionSpec>& out) {
    out.push_back({"scenario", "scenario", {
        FormatKey(),
        EnumKey("kind", {"plan_review", "common_issues", "escalation_drill"}).Required().Summary("file kind"),
        IdKey("scenario"),
        Key("title", ValueType::String).Required().Summary("display name"),
        Key("description", ValueType::String).Default("").Summary("what the trainee reads before starting"),
        Key("notes", ValueType::String).Default("").AnswerKey().Summary("facilitator notes, shown to trainers only"),
        Key("support_model", ValueType::String).Required().Refers("file").Summary("path of the support-model file, relative to this file"),
        Key("player_role", ValueType::Id).RequiredWhen("kind", kTicketKinds).Refers("role").Summary("role the trainee plays; required for ticket scenarios"),
        EnumKey("clock", {"practice", "assessment"}).Default("practice").Summary("practice allows pause and speed; assessment no clock control"),
        Key("starts", ValueType::String).Default("mon 09:00").AllowedWhen("kind", kTicketKinds).Summary("the day and time simulated 0:00 falls on (`mon 09:00`); business-hours SLA targets count from it"),
        Key("time_budget", ValueType::Duration).Default("0").Summary("simulated time the scenario is planned for: the play view shows the clock against it and `play` warns past it; nothing stops at the limit; 0 means none"),
        Key("misroute_return", ValueType::Duration).Default("30m").Summary("how long a misrouted ticket takes to come back"),
        Key("certainty_marking", ValueType::Bool).Default("false").AllowedWhen("kind", kTicketKinds).Summary("trainees give their certainty (low, medium, high) with each triage, escalation and resolution; reports add a certainty-based mark and calibration (docs/scoring.md)"),
        Key("seed", ValueType::Int).Default("1").Range(0, 9007199254740991.0).Summary("seed used when none is given"),
        Key("trainee_part", ValueType::Bool).Default("false").Summary("written by the organisation server for an assessment: the scenario without its answer key (never authored by hand)"),
        SectionKey("costs", ValueType::Section, "costs").Summary("simulated time each action takes"),
        SectionKey("scoring", ValueType::Section, "scoring").Summary("per-ticket weights and rules"),
        SectionKey("pools", ValueType::Section, "pools").AllowedWhen("kind", kTicketKinds).Summary("variation pools, drawn from by seed"),
        SectionKey("questions", ValueType::SectionList, "question").Items(1, 5000).RequiredWhen("kind", {"plan_review"}).AllowedWhen("kind", {"plan_review"}).Summary("plan-review questions"),
        SectionKey("incidents", ValueType::SectionList, "incident").Default("[]").AllowedWhen("kind", kTicketKinds).AnswerKey().Summary("multi-user problems"),
        SectionKey("tickets", ValueType::SectionList, "ticket").Items(1, 5000).RequiredWhen("kind", kTicketKinds).AllowedWhen("kind", kTicketKinds).Summary("the tickets"),
        SectionKey("injects", ValueType::SectionList, "inject").Default("[]").Items(0, 500).AllowedWhen("kind", kTicketKinds).Summary("the trainer's timeline: planned injects, a library to fire by hand, and contingencies (see \"Injects\")"),
    }});
    out.push_back({"costs", "costs", {
        Key("acknowledge", ValueType::Duration).Default("1m").Summary("acknowledge a ticket"),
        Key("ask", ValueType::Duration).Default("3m").Summary("ask the user (a fact's `cost` overrides)"),
        Key("diagnose", ValueType::Duration).Default("5m").Summary("run a diagnostic (a fact's `cost` overrides)"),
        Key("step", ValueType::Duration).Default("5m").Summary("apply a troubleshooting step (a step's `cost` overrides)"),
        Key("triage", ValueType::Duration).Default("1m").Summary("set category, impact or urgency"),
        Key("elevate", ValueType::Duration).Default("5m").Summary("request elevation"),
        Key("link", ValueType::Duration).Default("1m").Summary("link to an incident"),
        Key("escalate", ValueType::Duration).Default("3m").Summary("escalate or transfer"),
        Key("resolve", ValueType::Duration).Default("2m").Summary("resolve"),
        Key("hint", ValueType::Duration).Default("0s").Summary("take a hint"),
        Key("answer", ValueType::Duration).Default("0s").Summary("answer a question"),
        Key("pend", ValueType::Duration).Default("30s").Summary("set a ticket pending on the user or a vendor"),
        Key("share", ValueType::Duration).Default("1m").Summary("share a ticket for the trend meeting"),
    }});
    out.push_back({"scoring", "scoring", {
        Key("triage", ValueType::Number).Default("10").Range(0, 1000).Summary("points: half category, half priority"),
        Key("troubleshooting", ValueType::Number).Default("10").Range(0, 1000).Summary("points: half required steps done, half harmful steps avoided"),
        Key("routing", ValueType::Number).Default("10").Range(0, 1000).Summary("points for the route"),
        Key("sla", ValueType::Number).Default("5").Range(0, 1000).Summary("points for meeting the SLA targets"),
        Key("policy", ValueType::Number).Default("5").Range(0, 1000).Summary("points for the elevation policy, on tickets where elevation is in play (docs/scoring.md)"),
        Key("acceptable_route_credit", ValueType::Number).Default("0.6").Range(0, 1).Summary("share of routing points for an acceptable route"),
        Key("hop_penalty", ValueType::Number).Default("2").Range(0, 1000).Summary("routing points lost per extra hop"),
        Key("sla_warned_credit", ValueType::Number).Default("0.5").Range(0, 1).Summary("share of SLA points when met after the 75% warning"),
        Key("priority_step_penalty", ValueType::Number).Default("0.5").Range(0, 1).Summary("share of priority points lost per severity level of distance"),
    }});
    out.push_back({"pools", "pools", {
        SectionKey("users", ValueType::SectionListMap, "person").Default("{}").Summary("pool name to a list of users"),
        SectionKey("devices", ValueType::SectionListMap, "device").Default("{}").Summary("pool name to a list of devices"),
    }});
    out.push_back({"person", "user", {
        Key("name", ValueType::String).Required().Summary("full name"),
        Key("department", ValueType::String).Default("").Summary("department"),
        Key("role", ValueType::Id).Default("").Refers("role").Summary("support-model role, for staff requesters; empty for end users"),
    }});
    out.push_back({"device", "device", {
        Key("model", ValueType::String).Required().Summary("device model"),
        Key("os", ValueType::String).Default("").Summary("operating system and version"),
        Key("serial", ValueType::String).Default("").Summary("serial number"),
        Key("notes", ValueType::String).Default("").Summary("anything else shown with the device"),
    }});
}

//-----------------------------------------------------------------------------
// [SECTION] Questions
//-----------------------------------------------------------------------------

void AddQuestions(std::vector<SectionSpec>& out) {
    out.push_back({"question", "question", {
        IdKey("question; unique in the scenario"),
        EnumKey("type", {"single", "multiple", "matching", "ordering"}).Required().Summary("question type"),
        Key("topic", ValueType::String).Default("").Summary("label for reports"),
        Key("prompt", ValueType::String).Required().Summary("the question"),
        Key("points", ValueType::Number).Default("1").Range(0, 1000).Summary("points for a fully right answer"),
        SectionKey("options", ValueType::SectionList, "option").Required().Items(1).Summary("choices; matching: the right-hand items; ordering: the items"),
        Key("answer", ValueType::IdOrIdList).RequiredWhen("type", {"single", "multiple", "ordering"}).AllowedWhen("type", {"single", "multiple", "ordering"}).Refers("option").AnswerKey().Summary("single: one option id; multiple: the correct option ids; ordering: every option id in order"),
        SectionKey("pairs", ValueType::SectionList, "pair").Items(1).RequiredWhen("type", {"matching"}).AllowedWhen("type", {"matching"}).Summary("matching: the left-hand items and the option each belongs with"),
        Key("explanation", ValueType::String).Required().AnswerKey().Summary("shown in the debrief"),
        SectionKey("hints", ValueType::SectionList, "hint").Default("[]").AnswerKey().Summary("hints, each with a point cost"),
    }});
    out.push_back({"option", "option", {
        IdKey("option; unique in the question"),
        Key("text", ValueType::String).Required().Summary("what the trainee sees"),
    }});
    out.push_back({"pair", "pair", {
        IdKey("left-hand item; unique in the question"),
        Key("left", ValueType::String).Required().Summary("the left-hand text"),
        Key("right", ValueType::Id).Required().Refers("option").AnswerKey().Summary("id of the option it belongs with"),
    }});
    out.push_back({"hint", "hint", {
        Key("text", ValueType::String).Required().Summary("the hint"),
        Key("cost", ValueType::Number).Default("1").Range(0, 1000).Summary("points it costs"),
    }});
}

//-----------------------------------------------------------------------------
// [SECTION] Tickets
//-----------------------------------------------------------------------------

void AddInjects(std::vector<SectionSpec>& out) {
    out.push_back({"inject", "inject", {
        IdKey("inject; unique in the scenario"),
        Key("title", ValueType::String).Required().Summary("what the trainer's control room and the debrief call it"),
        Key("at", ValueType::Duration).Summary("planned simulated time; without it the inject waits in the trainer's library, or for its `unless`"),
        SectionKey("unless", ValueType::Section, "inject_condition").AnswerKey().Summary("a contingency: fires by itself when this action is missing by the deadline"),
        Key("tickets", ValueType::IdList).Default("[]").Refers("ticket").Summary("tickets it brings; each arrives its own `arrives` after the inject fires, and never if it does not"),
        Key("message", ValueType::String).Default("").Summary("broadcast to every trainee when it fires"),
        Key("destination", ValueType::Id).Default("").Refers("destination").Summary("a destination whose behaviour changes when it fires"),
        Key("returns_after", ValueType::Duration).Summary("with `destination`: tickets sent there by mistake come back after this long from then on"),
        Key("notes", ValueType::String).Default("").AnswerKey().Summary("facilitator notes, shown to trainers only"),
    }});
    out.push_back({"inject_condition", "unless", {
        EnumKey("action", {"acknowledge", "triage", "link", "escalate", "resolve"}).Required().Summary("the action expected on each ticket"),
        Key("to", ValueType::Id).Default("").AllowedWhen("action", {"escalate"}).Refers("destination").Summary("escalate only: to this destination"),
        Key("tickets", ValueType::IdList).Required().Items(1).Refers("ticket").Summary("the tickets it is expected on, every one"),
        Key("by", ValueType::Duration).Required().Summary("the deadline, from 0:00 or from the firing of `after`"),
        Key("after", ValueType::Id).Default("").Refers("inject").Summary("the deadline counts from this inject's firing; it is not armed until then"),
    }});
}

void AddTickets(std::vector<SectionSpec>& out) {
    out.push_back({"ticket", "ticket", {
        IdKey("ticket; unique in the scenario"),
        Key("subject", ValueType::String).Required().Summary("one-line subject"),
        EnumKey("channel", {"phone", "email", "portal", "chat", "walk_in"}).Default("portal").Summary("how the ticket came in"),
        Key("arrives", ValueType::Duration).Default("0").Summary("simulated arrival time"),
        SectionKey("user", ValueType::Section, "person").Summary("who reports it (or `vary.user`)"),
        SectionKey("device", ValueType::Section, "device").Summary("the device (or `vary.device`)"),
        Key("report", ValueType::String).Required().Summary("the user's report"),
        SectionKey("reported", ValueType::Section, "reported").Summary("impact and urgency on the intake form"),
        Key("elevation_requester", ValueType::Id).Default("").Refers("role").Summary("staff role asking for elevation on this ticket"),
        SectionKey("vary", ValueType::Section, "variation").Summary("seeded variation; never changes scoring"),
        SectionKey("facts", ValueType::SectionList, "fact").Default("[]").Summary("what investigation can reveal"),
        SectionKey("steps", ValueType::SectionList, "step").Default("[]").Summary("troubleshooting steps"),
        SectionKey("answer", ValueType::Section, "ticket_answer").Required().AnswerKey().Summary("the answer key"),
        SectionKey("hints", ValueType::SectionList, "hint").Default("[]").AnswerKey().Summary("hints, each with a point cost"),
        SectionKey("scoring", ValueType::Section, "scoring").Summary("overrides of the scenario's scoring for this ticket"),
    }});
    out.push_back({"reported", "reported", {
        Key("impact", ValueType::Id).Default("").Refers("impact").Summary("impact level; default the lowest"),
        Key("urgency", ValueType::Id).Default("").Refers("urgency").Summary("urgency level; default the lowest"),
    }});
    out.push_back({"variation", "vary", {
        Key("user", ValueType::Id).Default("").Refers("pools.users").Summary("user pool name"),
        Key("device", ValueType::Id).Default("").Refers("pools.devices").Summary("device pool name"),
        Key("report", ValueType::StringList).Default("[]").Summary("equivalent wordings of the report; one is drawn"),
        Key("jitter", ValueType::Duration).Default("0").Summary("arrival drawn from [arrives, arrives + jitter]"),
    }});
    out.push_back({"fact", "fact", {
        IdKey("fact; unique among the ticket's facts and steps"),
        EnumKey("source", {"ask", "diagnostic", "step"}).Default("ask").Summary("ask the user, run a tool, or revealed by a step outcome"),
        Key("prompt", ValueType::String).RequiredWhen("source", {"ask", "diagnostic"}).AllowedWhen("source", {"ask", "diagnostic"}).Summary("the question asked, or the tool's name"),
        Key("text", ValueType::String).Required().Summary("what is revealed"),
        Key("requires", ValueType::IdList).Default("[]").Refers("fact or step").Summary("facts known or steps done first"),
        Key("cost", ValueType::Duration).AllowedWhen("source", {"ask", "diagnostic"}).Summary("time it takes; default `costs.ask` or `costs.diagnose`"),
        Key("reply_after", ValueType::Duration).Default("0").AllowedWhen("source", {"ask", "diagnostic"}).Summary("the answer arrives this long after the question is put, and the ticket may wait pending meanwhile; 0: at once"),
        EnumKey("waits_on", {"user", "vendor"}).Default("user").AllowedWhen("source", {"ask", "diagnostic"}).Summary("who owes a `reply_after` answer: the ticket waits pending on the user or on a vendor"),
    }});
    out.push_back({"step", "step", {
        IdKey("step; unique among the ticket's facts and steps"),
        Key("text", ValueType::String).Required().Summary("what the step does"),
        EnumKey("kind", {"neutral", "required", "harmful"}).Default("neutral").AnswerKey().Summary("required steps must be done; harmful ones avoided"),
        Key("harm", ValueType::String).RequiredWhen("kind", {"harmful"}).AllowedWhen("kind", {"harmful"}).AnswerKey().Summary("why it is harmful, shown in the deduction"),
        Key("requires", ValueType::IdList).Default("[]").Refers("fact or step").Summary("facts known or steps done before the step is offered"),
        Key("requires_elevation", ValueType::Bool).Default("false").AnswerKey().Summary("the step needs elevated device privileges: done without requesting elevation first, or by a role that may not, it is a policy fault"),
        Key("cost", ValueType::Duration).Summary("time it takes; default `costs.step`"),
        SectionKey("outcomes", ValueType::SectionList, "outcome").Default("[]").Summary("the first whose `when` holds applies; none: no change"),
    }});
    out.push_back({"outcome", "outcome", {
        Key("when", ValueType::IdList).Default("[]").Refers("fact or step").Summary("facts known or steps done, all of which must hold; empty: always"),
        Key("text", ValueType::String).Required().Summary("what happens"),
        Key("reveals", ValueType::IdList).Default("[]").Refers("fact").Summary("facts this outcome reveals"),
        Key("fixes", ValueType::Bool).Default("false").Summary("the problem is fixed"),
    }});
    out.push_back({"ticket_answer", "answer", {
        Key("category", ValueType::Id).Required().Refers("category").Summary("correct category"),
        Key("impact", ValueType::Id).Required().Refers("impact").Summary("correct impact level"),
        Key("urgency", ValueType::Id).Required().Refers("urgency").Summary("correct urgency level"),
        Key("route", ValueType::Id).Refers("destination or resolve").Summary("`resolve` or a destination id; default the incident's route"),
        Key("acceptable_routes", ValueType::IdList).Default("[]").Refers("destination or resolve").Summary("routes that earn partial credit"),
        Key("resolution", ValueType::IdOrIdList).Default("[]").Refers("resolution_code").Summary("accepted resolution codes; at least one when route is resolve"),
        Key("elevation_needed", ValueType::Bool).Default("false").Summary("whether elevated privileges are needed"),
        Key("incident", ValueType::Id).Default("").Refers("incident").Summary("incident the ticket belongs to"),
        Key("share_trend", ValueType::Bool).Default("false").Summary("the ticket shows a trend or pattern every tier should hear of at the daily or weekly meeting: the trainee shares it (`share T \"NOTE\"`); not shared, a quarter of the routing points"),
        Key("request_severity", ValueType::Id).Default("").Refers("request_severity").Summary("the severity a request to the route's destination is filed with; required when that destination has `request_severities`"),
        Key("explanation", ValueType::String).Required().Summary("shown in the debrief"),
    }});
    out.push_back({"incident", "incident", {
        IdKey("incident"),
        Key("title", ValueType::String).Required().Summary("what the multi-user problem is"),
        Key("route", ValueType::Id).Required().Refers("destination").Summary("destination the linked incident must be escalated to"),
        Key("explanation", ValueType::String).Default("").Summary("shown in the debrief"),
    }});
}

//-----------------------------------------------------------------------------
// [SECTION] Lab
//-----------------------------------------------------------------------------

void AddLab(std::vector<SectionSpec>& out) {
    out.push_back({"lab", "lab", {
        FormatKey(),
        EnumKey("kind", {"lab"}).Required().Summary("file kind"),
        IdKey("lab"),
        Key("title", ValueType::String).Required().Summary("display name"),
        Key("description", ValueType::String).Default("").Summary("what the session is"),
        Key("time_budget", ValueType::Duration).Default("0").Summary("planned length; 0 means none"),
        Key("pass_threshold", ValueType::Number).Default("70").Range(0, 100).Summary("percent needed to pass"),
        SectionKey("modules", ValueType::SectionList, "module").Required().Items(1).Summary("the modules, in order"),
        SectionKey("tracks", ValueType::SectionList, "track").Default("[]").Summary("versions of the lab, one per kind of trainee (a tier): the lab is run for one of them; none: one lab for everyone"),
    }});
    out.push_back({"track", "track", {
        IdKey("track; the lab run for it is named `LAB@TRACK`"),
        Key("title", ValueType::String).Required().Summary("who it is for, shown after the lab's title"),
        Key("description", ValueType::String).Default("").Summary("added to the lab's description"),
    }});
    out.push_back({"module", "module", {
        IdKey("module; unique in the lab"),
        Key("title", ValueType::String).Required().Summary("display name"),
        EnumKey("agenda", {"plan_review", "overview", "troubleshooting", "tools_and_resources", "qa", "debrief"}).Default("overview").Summary("agenda step of the training plan"),
        EnumKey("type", {"lecture", "scenario"}).Required().Summary("lecture segment or scenario"),
        Key("duration", ValueType::Duration).Required().Summary("planned time"),
        Key("scenario", ValueType::String).RequiredWhen("type", {"scenario"}).AllowedWhen("type", {"scenario"}).Refers("file").Summary("scenario file, relative to the lab file"),
        SectionKey("track_scenarios", ValueType::SectionList, "track_scenario").Default("[]").AllowedWhen("type", {"scenario"}).Summary("the scenario this module plays on a track, instead of `scenario`"),
        Key("presenter_notes", ValueType::String).Default("").Summary("what the trainer says; trainers only"),
        Key("text", ValueType::String).RequiredWhen("type", {"lecture"}).Default("").Summary("lecture text shown to trainees"),
    }});
    out.push_back({"track_scenario", "track scenario", {
        Key("track", ValueType::Id).Required().Refers("track").Summary("the lab's track"),
        Key("scenario", ValueType::String).Required().Refers("file").Summary("scenario file for that track, relative to the lab file"),
    }});
}

std::vector<SectionSpec> BuildSpec() {
    std::vector<SectionSpec> out;
    AddSupportModel(out);
    AddScenario(out);
    AddQuestions(out);
    AddTickets(out);
    AddInjects(out);
    AddLab(out);
    return out;
}

std::string Join(const std::vector<std::string>& items, const char* sep) {
    std::string out;
    for (size_t i = 0; i < items.size(); ++i) {
        if (i) out += sep;
        out += items[i];
    }
    return out;
}

std::string Quoted(const std::vector<std::string>& items) {
    std::vector<std::string> q;
    for (const auto& item : items) q.push_back("`" + item + "`");
    return Join(q, ", ");
}

std::string TypeCell(const KeySpec& key) {
    switch (key.m_type) {
    case ValueType::Enum: return Join(key.m_enum, " \\| ");
    case ValueType::Section: return "[" + key.m_section + "](#" + key.m_section + ")";
    case ValueType::SectionList: return "list of [" + key.m_section + "](#" + key.m_section + ")";
    case ValueType::SectionListMap: return "map of lists of [" + key.m_section + "](#" + key.m_section + ")";
    default: return ToString(key.m_type);
    }
}

std::string NumberText(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

} // namespace

//-----------------------------------------------------------------------------
// [SECTION] Look-ups and Markdown
//-----------------------------------------------------------------------------

const char* ToString(ValueType type) {
    switch (type) {
    case ValueType::String: return "string";
    case ValueType::Id: return "id";
    case ValueType::Int: return "integer";
    case ValueType::Number: return "number";
    case ValueType::Bool: return "boolean";
    case ValueType::Duration: return "duration";
    case ValueType::Enum: return "enum";
    case ValueType::StringList: return "list of strings";
    case ValueType::IdList: return "list of ids";
    case ValueType::IdOrIdList: return "id or list of ids";
    case ValueType::IdMatrix: return "list of lists of ids";
    case ValueType::Section: return "mapping";
    case ValueType::SectionList: return "list of mappings";
    case ValueType::SectionListMap: return "mapping of lists";
    }
    return "?";
}

const KeySpec* SectionSpec::Find(const std::string& key) const {
    for (const KeySpec& k : m_keys)
        if (k.m_name == key) return &k;
    return nullptr;
}

const std::vector<SectionSpec>& FormatSpec() {
    static const std::vector<SectionSpec> spec = BuildSpec();
    return spec;
}

const SectionSpec* FindSection(const std::string& name) {
    for (const SectionSpec& s : FormatSpec())
        if (s.m_name == name) return &s;
    return nullptr;
}

const std::vector<FileKindSpec>& FileKinds() {
    static const std::vector<FileKindSpec> kinds = {
        {"support_model", "support_model"}, {"plan_review", "scenario"}, {"common_issues", "scenario"},
        {"escalation_drill", "scenario"},   {"lab", "lab"},
    };
    return kinds;
}

std::string FormatSpecMarkdown() {
    std::string out;
    for (const SectionSpec& section : FormatSpec()) {
        out += "### " + section.m_name + "\n\n";
        out += "| key | type | required | default | meaning |\n|---|---|---|---|---|\n";
        for (const KeySpec& key : section.m_keys) {
            std::string required = key.m_required ? "yes" : "no";
            if (!key.m_requiredWhen.Empty())
                required = "when `" + key.m_requiredWhen.m_key + "` is " + Quoted(key.m_requiredWhen.m_values);
            std::string meaning = key.m_summary;
            if (!key.m_allowedWhen.Empty())
                meaning += "; only when `" + key.m_allowedWhen.m_key + "` is " + Quoted(key.m_allowedWhen.m_values);
            if (key.m_min || key.m_max) {
                meaning += "; range " + (key.m_min ? NumberText(*key.m_min) : std::string("-")) + ".." +
                           (key.m_max ? NumberText(*key.m_max) : std::string(""));
            }
            if (key.m_minItems) meaning += "; at least " + std::to_string(key.m_minItems);
            if (key.m_maxItems) meaning += "; at most " + std::to_string(key.m_maxItems);
            if (!key.m_reference.empty()) meaning += "; names a " + key.m_reference;
            std::string def;
            if (!key.m_required) {
                const bool text = key.m_type == ValueType::String || key.m_type == ValueType::Id;
                def = !key.m_default.empty() ? "`" + key.m_default + "`" : text && key.m_requiredWhen.Empty() ? "`\"\"`" : "—";
            }
            out += "| `" + key.m_name + "` | " + TypeCell(key) + " | " + required + " | " + def + " | " + meaning + " |\n";
        }
        out += "\n";
    }
    return out;
}

} // namespace sl
