// SupportLab fuzz: database files — the header, user_version, application_id and table set of a SupportLab
// SQLite file, or raw bytes — opened as the CLI and the app open them, then read by every report.
#include "fuzz_targets.hpp"

#include "reports/export.hpp"
#include "reports/query.hpp"
#include "store/sqlite_store.hpp"

#include <sqlite3.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace sl::fuzz {

namespace {

namespace fs = std::filesystem;

std::string ReadAll(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void WriteAll(const std::string& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary | std::ios::trunc).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// A folder of this process's own for the files it writes, removed at exit (kept alive past static
// destruction, which would otherwise run before the removal).
const std::string& WorkDir() {
    static const std::string* dir = [] {
        std::string t = (fs::temp_directory_path() / "sl-fuzz-db-XXXXXX").string();
        if (!::mkdtemp(t.data())) std::abort();
        auto* kept = new std::string(t);
        std::atexit([] {
            std::error_code ec;
            fs::remove_all(WorkDir(), ec);
        });
        return kept;
    }();
    return *dir;
}

void RemoveDatabase(const std::string& path) {
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) std::remove((path + suffix).c_str());
}

// A small valid SupportLab database (a trainee, a cohort, a lab session, a finished attempt with
// events and scores, an unfinished one, a lab run), as bytes, made once per process.
const std::string& Template() {
    static const std::string bytes = [] {
        const std::string path = WorkDir() + "/template.db";
        RemoveDatabase(path);
        {
            auto opened = SqliteStore::Open(path);
            if (!opened) std::abort();
            Store& s = *opened.Value();
            auto t = s.AddTrainee("Ann", "Cohort A");
            LabSession ls;
            ls.m_labId = "lab";
            ls.m_cohort = "Cohort A";
            (void)s.StartLabSession(ls);
            Attempt a;
            a.m_traineeId = t->m_id;
            a.m_scenarioId = "scenario";
            a.m_contentHash = "hash";
            a.m_startedWall = 1000;
            auto started = s.StartAttempt(a);
            for (int i = 0; i < 3; ++i) {
                Event e;
                e.m_attemptId = started->m_id;
                e.m_seq = i;
                e.m_simTime = i * 60;
                e.m_wallTime = 1000 + i;
                e.m_actionText = "wait 1m";
                (void)s.AppendEvent(e);
            }
            ScoreReport r;
            r.m_scenarioId = "scenario";
            r.m_contentHash = "hash";
            r.m_total = 5;
            r.m_max = 10;
            ItemScore item;
            item.m_itemId = "t1";
            item.m_title = "Ticket";
            item.m_score = 5;
            item.m_max = 10;
            item.m_dimensions.push_back({Dimension::Triage, 5, 10});
            r.m_items.push_back(item);
            r.m_byDimension[static_cast<int>(Dimension::Triage)] = {Dimension::Triage, 5, 10};
            (void)s.FinishAttempt(started->m_id, r, 5000, 180);
            a.m_startedWall = 6000;
            (void)s.StartAttempt(a);
            LabRunRecord run;
            run.m_traineeId = t->m_id;
            run.m_labId = "lab";
            run.m_startedWall = 1000;
            auto startedRun = s.StartLabRun(run);
            if (startedRun) (void)s.PutLabModuleMark(startedRun->m_id, LabModuleMark{"m1", true, 60.0, 2000});
        }
        sqlite3* db = nullptr;
        sqlite3_open(path.c_str(), &db);
        sqlite3_exec(db, "PRAGMA journal_mode = DELETE", nullptr, nullptr, nullptr); // one file, no WAL
        sqlite3_close(db);
        std::string out = ReadAll(path);
        RemoveDatabase(path);
        return out;
    }();
    return bytes;
}

// The input as a database file. Byte 0 even: the rest of the input is the file. Byte 0 odd: the
// template with bytes 1-4 as user_version, 5-8 as application_id (both big-endian, at their header
// offsets 60 and 68), byte 9 a mask of tables to drop, bytes 10-11 an offset at which the rest of
// the input overwrites the file.
std::string BuildFile(const std::uint8_t* data, std::size_t size, const std::string& path) {
    if (size == 0 || (data[0] & 1) == 0) return size ? std::string(reinterpret_cast<const char*>(data) + 1, size - 1) : "";
    std::string file = Template();
    if (size >= 9) {
        std::memcpy(&file[60], data + 1, 4);
        std::memcpy(&file[68], data + 5, 4);
    }
    if (size >= 10 && data[9] != 0) {
        WriteAll(path, file);
        sqlite3* db = nullptr;
        if (sqlite3_open(path.c_str(), &db) == SQLITE_OK) {
            const char* tables[] = {"events", "attempts", "trainees", "cohorts", "lab_sessions", "lab_runs", "item_scores", "labs"};
            sqlite3_exec(db, "PRAGMA foreign_keys = OFF; PRAGMA writable_schema = OFF", nullptr, nullptr, nullptr);
            for (int i = 0; i < 8; ++i)
                if (data[9] & (1 << i)) sqlite3_exec(db, (std::string("DROP TABLE IF EXISTS ") + tables[i]).c_str(), nullptr, nullptr, nullptr);
        }
        sqlite3_close(db);
        file = ReadAll(path);
    }
    if (size > 12) {
        const std::size_t offset = (static_cast<std::size_t>(data[10]) << 8 | data[11]) % (file.size() + 1);
        const std::size_t n = std::min(size - 12, file.size() - offset);
        std::memcpy(&file[offset], data + 12, n);
    }
    return file;
}

// Every read a lead's report or export makes; errors are fine, crashes and hangs are not.
void ReadEverything(Store& s) {
    (void)s.Cohorts();
    (void)s.Trainees(std::nullopt);
    (void)s.Labs();
    (void)s.LabSessions();
    (void)s.LabRuns(LabRunFilter{});
    ReportQuery q;
    (void)QueryCohortMatrix(s, q);
    (void)QuerySkills(s, q);
    (void)QueryItemAnalysis(s, q);
    if (auto data = QueryExport(s, q)) {
        try {
            (void)ExportCsv(data.Value());
            (void)ExportJson(data.Value());
            (void)ExportXapi(data.Value());
        } catch (const ExportError&) {
        }
    }
    if (auto attempts = s.Attempts(AttemptFilter{})) {
        int n = 0;
        for (const Attempt& a : attempts.Value()) {
            if (++n > 20) break;
            (void)QueryTimeline(s, a.m_id);
            (void)s.Scores(a.m_id);
            (void)s.UnfinishedAttempts(a.m_traineeId);
        }
    }
}

// The file as it was, but for the journal mode: opening for writing switches a file to WAL before
// migrating, which sets header bytes 18-19 to 2 and counts one change (bytes 24-27, and 92-99, the
// counter that change is valid for). No page of data changes.
bool SameButForWalMode(std::string before, std::string after) {
    if (before.size() == after.size() && before.size() >= 100) {
        for (std::string* f : {&before, &after}) {
            for (int i : {18, 19, 24, 25, 26, 27}) (*f)[static_cast<size_t>(i)] = 0;
            for (int i = 92; i < 100; ++i) (*f)[static_cast<size_t>(i)] = 0;
        }
    }
    return before == after;
}

} // namespace

std::string CheckDatabaseInput(const std::uint8_t* data, std::size_t size) {
    const std::string path = WorkDir() + "/input.db";
    RemoveDatabase(path);
    const std::string file = BuildFile(data, size, path);
    RemoveDatabase(path);
    WriteAll(path, file);

    // As a report or export opens it: never created, never changed when refused.
    SqliteOpenOptions reading;
    reading.m_create = false;
    auto opened = SqliteStore::Open(path, reading);
    // A schema version SupportLab never writes (below 0) is never opened, whatever else the file holds.
    const bool structured = size >= 9 && (data[0] & 1) == 1 && file.size() >= 100;
    const std::uint32_t storedVersion = structured ? (static_cast<std::uint32_t>(static_cast<unsigned char>(file[60])) << 24 |
                                                      static_cast<std::uint32_t>(static_cast<unsigned char>(file[61])) << 16 |
                                                      static_cast<std::uint32_t>(static_cast<unsigned char>(file[62])) << 8 |
                                                      static_cast<unsigned char>(file[63]))
                                                   : 0;
    // (It may be refused for another reason first, say damage the input wrote over the schema.)
    if (structured && file.compare(0, 16, std::string("SQLite format 3\0", 16)) == 0 && (storedVersion & 0x80000000u) && opened)
        return "a negative schema version was opened";
    if (!opened) {
        if (!SameButForWalMode(file, ReadAll(path)))
            return "a refused database file was changed: " + opened.Error().m_message;
        if (opened.Error().m_message.empty()) return "a refused database has no message";
    } else {
        ReadEverything(*opened.Value());
    }
    opened = {StoreError{StoreErrorKind::Invalid, "closed"}};
    // Read-only, as a report opens a file it may not write.
    RemoveDatabase(path);
    WriteAll(path, file);
    reading.m_readOnly = true;
    if (auto ro = SqliteStore::Open(path, reading)) ReadEverything(*ro.Value());
    else if (ReadAll(path) != file) return "a refused read-only database file was changed";
    RemoveDatabase(path);
    return "";
}

} // namespace sl::fuzz
