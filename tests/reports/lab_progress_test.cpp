// SupportLab reports tests: the lab progress report on known runs (checked by hand), its renderings, and the query over a real store.
#include "../store/store_test_util.hpp"
#include "report_rows.hpp"
#include "reports/query.hpp"
#include "reports/render.hpp"

namespace sl::test {
namespace {

// [Lab data] lab-x "Desk lab": intro, review, tickets, qa (4 modules).
//   run 10 Ana  lab-x  intro done 120 s, review done 600 s                        (older)
//   run 12 Ana  lab-x  session 7: intro done 90, review done 1500, tickets 300.5,
//                      legacy done 60 (a module the lab no longer has)            (newest)
//   run 11 Ben  lab-x  finished: intro 300, review 1800, tickets 1500, qa 600, all done
//   run 13 Dev  lab-x  finished: intro 100, review 2000, tickets 3000 done, qa not done
//   run 14 Ben  lab-y  (another lab: ignored)
//   run 15 Zed  lab-x  (not a trainee given: ignored)
//   Cleo has no run.
// Ana: 2/4 done, current tickets, 90+1500+300.5+60 = 1950.5 s = 0:32. Ben: 4/4, 4200 s = 1:10.
// Dev: 3/4 (finished anyway), 5100 s = 1:25. Started 3, finished 2; median of 1950.5, 4200,
// 5100 = 4200 (1:10); median of the finished 4200, 5100 = 4650 (1:17).
Lab DeskLab() {
    Lab lab;
    lab.m_id = "lab-x";
    lab.m_title = "Desk lab";
    for (const char* id : {"intro", "review", "tickets", "qa"}) {
        LabModule m;
        m.m_id = id;
        m.m_title = std::string("Module ") + id;
        lab.m_modules.push_back(m);
    }
    return lab;
}

LabRunRecord MakeRun(RowId id, RowId trainee, const std::string& lab, bool finished, std::vector<LabModuleMark> marks) {
    LabRunRecord r;
    r.m_id = id;
    r.m_traineeId = trainee;
    r.m_labId = lab;
    r.m_startedWall = 1'700'000'000'000 + id * 1000;
    r.m_finished = finished;
    r.m_modules = std::move(marks);
    return r;
}

struct LabData {
    std::vector<Trainee> m_trainees = {{1, "Ana", "spring"}, {2, "Ben", "spring"}, {3, "Cleo", "spring"}, {4, "Dev", "autumn"}};
    std::vector<LabRunRecord> m_runs;
    LabData() {
        m_runs = {MakeRun(10, 1, "lab-x", false, {{"intro", true, 120, 1}, {"review", true, 600, 1}}),
                  MakeRun(11, 2, "lab-x", true, {{"intro", true, 300, 1}, {"qa", true, 600, 1}, {"review", true, 1800, 1},
                                             {"tickets", true, 1500, 1}}),
                  MakeRun(12, 1, "lab-x", false, {{"intro", true, 90, 1}, {"legacy", true, 60, 1}, {"review", true, 1500, 1},
                                              {"tickets", false, 300.5, 1}}),
                  MakeRun(13, 4, "lab-x", true, {{"intro", true, 100, 1}, {"qa", false, 0, 1}, {"review", true, 2000, 1},
                                             {"tickets", true, 3000, 1}}),
                  MakeRun(14, 2, "lab-y", false, {{"intro", true, 9999, 1}}),
                  MakeRun(15, 99, "lab-x", true, {{"intro", true, 7, 1}})};
        m_runs[2].m_sessionId = 7;
    }
};

TEST(ReportsLabProgress, NewestRunPerTraineeByHand) {
    LabData d;
    const LabProgressReport r = BuildLabProgress(DeskLab(), d.m_trainees, d.m_runs);
    EXPECT_EQ(r.m_labId, "lab-x");
    EXPECT_EQ(r.m_modules, 4);
    ASSERT_EQ(r.m_rows.size(), 4u);
    const LabProgressRow& ana = r.m_rows[0];
    EXPECT_EQ(ana.m_trainee.m_name, "Ana");
    EXPECT_EQ(ana.m_runs, 2);
    EXPECT_EQ(ana.m_runId, 12) << "the newest run, not the first";
    EXPECT_EQ(ana.m_sessionId, 7);
    EXPECT_EQ(ana.m_done, 2) << "legacy is not one of the lab's modules";
    EXPECT_EQ(ana.m_total, 4);
    EXPECT_EQ(ana.m_currentModule, "tickets");
    EXPECT_EQ(ana.m_currentTitle, "Module tickets");
    EXPECT_DOUBLE_EQ(ana.m_seconds, 1950.5) << "every mark's time counts, legacy too";
    EXPECT_FALSE(ana.m_finished);
    const LabProgressRow& ben = r.m_rows[1];
    EXPECT_EQ(ben.m_runs, 1) << "the lab-y run is another lab's";
    EXPECT_EQ(ben.m_done, 4);
    EXPECT_EQ(ben.m_currentModule, "");
    EXPECT_DOUBLE_EQ(ben.m_seconds, 4200.0);
    EXPECT_TRUE(ben.m_finished);
    const LabProgressRow& cleo = r.m_rows[2];
    EXPECT_EQ(cleo.m_runs, 0);
    EXPECT_EQ(cleo.m_runId, 0);
    EXPECT_EQ(cleo.m_done, 0);
    EXPECT_EQ(cleo.m_total, 4);
    EXPECT_EQ(cleo.m_currentModule, "");
    EXPECT_DOUBLE_EQ(cleo.m_seconds, 0.0);
    const LabProgressRow& dev = r.m_rows[3];
    EXPECT_EQ(dev.m_done, 3);
    EXPECT_EQ(dev.m_currentModule, "") << "a finished run has no current module";
    EXPECT_DOUBLE_EQ(dev.m_seconds, 5100.0);
    EXPECT_EQ(r.m_started, 3);
    EXPECT_EQ(r.m_finished, 2);
    ASSERT_TRUE(r.m_medianSeconds);
    EXPECT_DOUBLE_EQ(*r.m_medianSeconds, 4200.0);
    ASSERT_TRUE(r.m_medianFinishedSeconds);
    EXPECT_DOUBLE_EQ(*r.m_medianFinishedSeconds, 4650.0);
}

TEST(ReportsLabProgress, NoRunsGiveNoMedians) {
    const LabProgressReport r = BuildLabProgress(DeskLab(), {{1, "Ana", "spring"}}, {});
    ASSERT_EQ(r.m_rows.size(), 1u);
    EXPECT_EQ(r.m_started, 0);
    EXPECT_EQ(r.m_finished, 0);
    EXPECT_FALSE(r.m_medianSeconds);
    EXPECT_FALSE(r.m_medianFinishedSeconds);
    // A run without marks is at its first module.
    const LabProgressReport fresh = BuildLabProgress(DeskLab(), {{1, "Ana", "spring"}}, {MakeRun(1, 1, "lab-x", false, {})});
    EXPECT_EQ(fresh.m_rows[0].m_currentModule, "intro");
    EXPECT_EQ(fresh.m_rows[0].m_done, 0);
    EXPECT_DOUBLE_EQ(*fresh.m_medianSeconds, 0.0);
}

TEST(ReportsLabProgress, HoursMinutesAndMedian) {
    EXPECT_EQ(HoursMinutes(0), "0:00");
    EXPECT_EQ(HoursMinutes(59.9), "0:00");
    EXPECT_EQ(HoursMinutes(60), "0:01");
    EXPECT_EQ(HoursMinutes(3599), "0:59");
    EXPECT_EQ(HoursMinutes(3600), "1:00");
    EXPECT_EQ(HoursMinutes(36'300), "10:05");
    EXPECT_EQ(HoursMinutes(-5), "0:00");
    EXPECT_EQ(HoursMinutes(std::numeric_limits<double>::quiet_NaN()), "0:00");
    EXPECT_FALSE(Median({}));
    EXPECT_DOUBLE_EQ(*Median({3, 1, 2}), 2.0);
    EXPECT_DOUBLE_EQ(*Median({4, 1, 3, 2}), 2.5);
}

// Modules marked done in less time than the threshold are listed per trainee (the newest run's,
// the lab's modules only; a module not done is never flagged); without a threshold, none.
TEST(ReportsLabProgress, ModulesDoneFasterThanTheThresholdAreFlagged) {
    LabData d;
    const LabProgressReport at120 = BuildLabProgress(DeskLab(), d.m_trainees, d.m_runs, 120);
    EXPECT_EQ(at120.m_rows[0].m_fastModules, std::vector<std::string>{"intro"}); // Ana: 90 s (legacy is no module)
    EXPECT_TRUE(at120.m_rows[1].m_fastModules.empty());                          // Ben: 300 s and more
    EXPECT_TRUE(at120.m_rows[2].m_fastModules.empty());                          // Cleo: not started
    EXPECT_EQ(at120.m_rows[3].m_fastModules, std::vector<std::string>{"intro"}); // Dev: 100 s; qa not done
    EXPECT_EQ(at120.m_flagged, 2);
    const LabProgressReport at100 = BuildLabProgress(DeskLab(), d.m_trainees, d.m_runs, 100);
    EXPECT_TRUE(at100.m_rows[3].m_fastModules.empty()) << "exactly the threshold is not under it";
    EXPECT_EQ(at100.m_flagged, 1);
    EXPECT_EQ(BuildLabProgress(DeskLab(), d.m_trainees, d.m_runs).m_flagged, 0);

    const std::string csv = RenderCsv(LabProgressTable(at120));
    EXPECT_NE(csv.find(",fast_modules,"), std::string::npos) << csv;
    EXPECT_NE(csv.find("\r\nDev,autumn,3,4,,5100,finished,yes,1,13,,2023-11-14T22:13:33.000Z,intro,"), std::string::npos) << csv;
    EXPECT_NE(RenderText(LabProgressTable(at120)).find("Trainees flagged: 2"), std::string::npos);
    EXPECT_EQ(RenderCsv(LabProgressTable(BuildLabProgress(DeskLab(), d.m_trainees, d.m_runs))).find("fast_modules"),
              std::string::npos);
}

// A session's trainer may set its own threshold: its trainees' rows use it (higher or lower than
// the report's), the others the report's. Ana's newest run is in session 7; nobody else's is.
TEST(ReportsLabProgress, ASessionsOwnThresholdIsUsedForItsTrainees) {
    LabData d;
    const LabProgressReport own = BuildLabProgress(DeskLab(), d.m_trainees, d.m_runs, 0, {{7, 400}});
    EXPECT_TRUE(own.m_sessionThresholds);
    EXPECT_EQ(own.m_rows[0].m_fastModules, std::vector<std::string>{"intro"}) << "Ana: 90 s under session 7's 400 s";
    EXPECT_TRUE(own.m_rows[3].m_fastModules.empty()) << "Dev: no session, and the report sets none";
    EXPECT_EQ(own.m_flagged, 1);
    // The session's threshold wins over the report's for its trainees only.
    const LabProgressReport both = BuildLabProgress(DeskLab(), d.m_trainees, d.m_runs, 120, {{7, 2000}});
    EXPECT_EQ(both.m_rows[0].m_fastModules, (std::vector<std::string>{"intro", "review"})) << "Ana: 90 and 1500 s under 2000";
    EXPECT_EQ(both.m_rows[3].m_fastModules, std::vector<std::string>{"intro"}) << "Dev: the report's 120 s";
    // Another session's threshold, or none set (0), changes nothing.
    EXPECT_FALSE(BuildLabProgress(DeskLab(), d.m_trainees, d.m_runs, 0, {{8, 400}, {7, 0}}).m_sessionThresholds);
    const std::string text = RenderText(LabProgressTable(own));
    EXPECT_NE(text.find("Sessions with their trainer's own threshold"), std::string::npos) << text;
    EXPECT_NE(RenderCsv(LabProgressTable(own)).find(",fast_modules,"), std::string::npos);
}

TEST(ReportsLabProgress, RendersTextCsvAndJson) {
    LabData d;
    const ReportTable t = LabProgressTable(BuildLabProgress(DeskLab(), d.m_trainees, d.m_runs));
    const std::string text = RenderText(t);
    EXPECT_NE(text.find("Lab progress: Desk lab (lab-x)"), std::string::npos) << text;
    EXPECT_NE(text.find("Finished: 2"), std::string::npos) << text;
    EXPECT_NE(text.find("Median time in the lab (h:mm): 1:10"), std::string::npos) << text;
    EXPECT_NE(text.find("Median time of those finished (h:mm): 1:17"), std::string::npos) << text;
    auto line = [&](const std::string& name) {
        const size_t at = text.find("\n" + name + " ");
        return at == std::string::npos ? std::string() : text.substr(at + 1, text.find('\n', at + 1) - at - 1);
    };
    const std::string ana = line("Ana");
    EXPECT_NE(ana.find("2/4"), std::string::npos) << ana;
    EXPECT_NE(ana.find("tickets"), std::string::npos) << ana;
    EXPECT_NE(ana.find("0:32"), std::string::npos) << ana;
    EXPECT_NE(ana.find("in progress"), std::string::npos) << ana;
    EXPECT_NE(line("Ben").find("1:10"), std::string::npos);
    EXPECT_NE(line("Cleo").find("not started"), std::string::npos);
    EXPECT_NE(line("Dev").find("3/4"), std::string::npos);

    const std::string csv = RenderCsv(t);
    EXPECT_EQ(csv.substr(0, csv.find("\r\n")),
              "trainee,cohort,modules_done,modules_total,current_module,time_in_lab_s,status,finished,runs,run,session,"
              "started,lab,modules,trainees,started,finished,median_time_s,median_finished_time_s");
    EXPECT_NE(csv.find("\r\nAna,spring,2,4,tickets,1951,in progress,no,2,12,7,2023-11-14T22:13:32.000Z,lab-x,4,4,3,2,4200,4650\r\n"),
              std::string::npos) << csv;
    EXPECT_NE(csv.find("\r\nCleo,spring,0,4,,,not started,no,0,,,,lab-x"), std::string::npos) << csv;

    const std::string json = RenderJson(t);
    EXPECT_TRUE(ValidJson(json)) << json;
    EXPECT_NE(json.find("\"report\": \"labs\""), std::string::npos);
    EXPECT_NE(json.find("\"median_time_s\": 4200"), std::string::npos) << json;
    EXPECT_NE(json.find("\"current_module\": null"), std::string::npos) << "finished and not started rows";
}

TEST(ReportsLabProgress, QueryOverARealStoreFollowsCohortAndSession) {
    TempDir dir;
    auto store = OpenOrFail(dir.Path() + "/labs.db");
    ASSERT_TRUE(store);
    const RowId ana = store->AddTrainee("Ana", "spring")->m_id;
    const RowId ben = store->AddTrainee("Ben", "spring")->m_id;
    store->AddTrainee("Cleo", "spring");
    const RowId dev = store->AddTrainee("Dev", "autumn")->m_id;
    LabSession ls;
    ls.m_labId = "lab-x";
    ls.m_cohort = "spring";
    ls.m_trainer = "T";
    const RowId session = store->StartLabSession(ls)->m_id;
    auto start = [&](RowId trainee, std::optional<RowId> s) {
        LabRunRecord in;
        in.m_traineeId = trainee;
        in.m_labId = "lab-x";
        in.m_sessionId = s;
        in.m_startedWall = 1000;
        return store->StartLabRun(in)->m_id;
    };
    const RowId anaRun = start(ana, session);
    ASSERT_TRUE(store->PutLabModuleMark(anaRun, {"intro", true, 600, 2}).Ok());
    ASSERT_TRUE(store->PutLabModuleMark(anaRun, {"review", false, 120, 2}).Ok());
    const RowId benRun = start(ben, std::nullopt);
    ASSERT_TRUE(store->PutLabModuleMark(benRun, {"intro", true, 60, 2}).Ok());
    ASSERT_TRUE(store->FinishLabRun(benRun, 5000).Ok());
    start(dev, std::nullopt);

    ReportQuery q;
    q.m_cohort = "spring";
    auto r = QueryLabProgress(*store, q, DeskLab());
    ASSERT_TRUE(r.Ok()) << r.Error().m_message;
    ASSERT_EQ(r->m_rows.size(), 3u) << "every member of the cohort, Cleo without a run too";
    EXPECT_EQ(r->m_rows[0].m_trainee.m_name, "Ana");
    EXPECT_EQ(r->m_rows[0].m_done, 1);
    EXPECT_EQ(r->m_rows[0].m_currentModule, "review");
    EXPECT_DOUBLE_EQ(r->m_rows[0].m_seconds, 720.0);
    EXPECT_TRUE(r->m_rows[1].m_finished);
    EXPECT_EQ(r->m_rows[2].m_runs, 0);
    EXPECT_EQ(r->m_started, 2);
    EXPECT_EQ(r->m_finished, 1);
    EXPECT_DOUBLE_EQ(*r->m_medianSeconds, 390.0); // (720 + 60) / 2

    q = ReportQuery{};
    q.m_sessionId = session;
    r = QueryLabProgress(*store, q, DeskLab());
    ASSERT_TRUE(r.Ok());
    ASSERT_EQ(r->m_rows.size(), 1u) << "without a cohort, only trainees with runs in the selection";
    EXPECT_EQ(r->m_rows[0].m_trainee.m_name, "Ana");
    q = ReportQuery{};
    r = QueryLabProgress(*store, q, DeskLab());
    ASSERT_TRUE(r.Ok());
    EXPECT_EQ(r->m_rows.size(), 3u) << "Ana, Ben and Dev";
}

} // namespace
} // namespace sl::test
