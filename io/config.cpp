#include "io/config.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>

#include "io/stage_table.hpp"
#include "io/toml_section.hpp"
#include "solver/core/errors.hpp"

namespace pf {

namespace {

const toml::table* section_table(const toml::table& root, const char* name, const std::string& file) {
  const toml::node* node = root.get(name);
  if (!node) return nullptr;
  if (!node->is_table())
    throw InputError(fmt::format("{}:{}: [{}] must be a table", file, node->source().begin.line, name));
  return node->as_table();
}

// Sizes whose prime factors are all <= 7 have fast FFTW/cuFFT plans; a large prime factor
// makes every step many times slower, so it is refused with the nearest good sizes.
bool fft_friendly(long long n) {
  for (long long p : {2, 3, 5, 7})
    while (n % p == 0) n /= p;
  return n == 1;
}

long long largest_prime_factor(long long n) {
  long long largest = 1;
  for (long long p = 2; p * p <= n; ++p)
    while (n % p == 0) {
      largest = p;
      n /= p;
    }
  return n > 1 ? n : largest;
}

void require_fft_friendly(const TomlSection& s, const Grid& g) {
  const char* axis[] = {"nx", "ny", "nz"};
  for (int a = 0; a < 3; ++a) {
    const long long n = g.shape[a];
    if (fft_friendly(n)) continue;
    long long below = n - 1, above = n + 1;
    while (below > 1 && !fft_friendly(below)) --below;
    while (!fft_friendly(above)) ++above;
    const std::string hint = below >= 2 ? fmt::format("{} or {}", below, above) : fmt::format("{}", above);
    s.fail("shape", fmt::format("{} = {} has the prime factor {} > 7, which makes FFTs slow; use an FFT-friendly size "
                                "2^a 3^b 5^c 7^d such as {}",
                                axis[a], n, largest_prime_factor(n), hint));
  }
}

Grid read_grid(TomlSection s) {
  Grid g;
  if (!s.has("shape")) s.missing("shape", "missing; required, [nx, ny, nz] with nx >= 2 (2D: nz = 1)");
  g.shape = s.integer3("shape", g.shape, Range::closed(1, 16384));
  if (g.shape[0] < 2) s.fail("shape", fmt::format("nx = {} is out of range: must be >= 2", g.shape[0]));
  g.spacing = s.number3("spacing", g.spacing, Range::positive());
  g.boundary_z = static_cast<BoundaryZ>(s.choice("boundary_z", {"periodic", "no_flux"}, 0));
  g.length_unit_um = s.number("length_unit_um", 0, Range::non_negative());
  require_fft_friendly(s, g);
  s.finish();
  return g;
}

// Keys of [model] that [material] sets (N from M_w, chi(T), the temperature factor, the arrest
// threshold from the melting point): giving both would leave two sources of truth.
constexpr const char* material_owned_model_keys[] = {"N_A", "N_B", "chi_A", "chi_B", "T", "E_a", "T_ref", "phi_arrest"};

BlendInputs read_blend(TomlSection s) {
  BlendInputs b;
  b.pp_wt_percent = s.required_number("pp_wt_percent", Range::open(0, 100));
  b.mfr_pp = s.required_number("mfr_pp", Range::positive());
  b.mfr_rc = s.required_number("mfr_rc", Range::positive());
  b.propylene_wt_percent = s.required_number("propylene_wt_percent", Range::closed(0, 100));
  b.density_pp = s.number("density_pp", b.density_pp, Range::positive());
  b.density_rc = s.number("density_rc", b.density_rc, Range::positive());
  b.mw_pp = s.number("mw_pp", b.mw_pp, Range::at_least(100));
  b.mw_rc = s.number("mw_rc", b.mw_rc, Range::at_least(100));
  b.chi_pp_pe_A = s.number("chi_pp_pe_A", b.chi_pp_pe_A, Range{});
  b.chi_pp_pe_B = s.number("chi_pp_pe_B", b.chi_pp_pe_B, Range{});
  b.melt_temperature_K = s.number("melt_temperature_K", b.melt_temperature_K, Range::positive());
  b.wavelength = s.number("wavelength", b.wavelength, Range::at_least(2));
  const BlendParameters p = blend::map(b);
  if (!(p.kappa > 0))
    s.fail("propylene_wt_percent", fmt::format("gives chi_eff = {:.4g}, not inside the spinodal of the symmetric blend "
                                               "(2/N_A + 2/N_B = {:.4g}): the blend would not phase-separate",
                                               p.chi_eff, 2 / p.N_A + 2 / p.N_B));
  s.finish();
  return b;
}

ModelConfig read_model(TomlSection s, const std::optional<BlendInputs>& blend, bool material) {
  ModelConfig m;
  if (blend) {
    // [blend] sets these; a second value here would be ambiguous.
    for (const char* key : {"N_A", "N_B", "chi_A", "chi_B", "kappa", "M0", "m_A", "m_B", "mobility", "T"})
      if (s.has(key)) s.fail(key, "is set by [blend] (see derived.blend in run.json); remove it here");
    const BlendParameters p = blend::map(*blend);
    m.free_energy = static_cast<FreeEnergyKind>(s.choice("free_energy", {"double_well", "flory_huggins"}, 1));
    if (m.free_energy != FreeEnergyKind::flory_huggins) s.fail("free_energy", "must be \"flory_huggins\" with [blend]");
    m.N_A = p.N_A;
    m.N_B = p.N_B;
    m.chi_A = p.chi_eff;
    m.T = blend->melt_temperature_K;
    m.kappa = p.kappa;
    m.mobility = MobilityKind::slow_mode;
    m.M0 = p.M0;
    m.m_A = p.m_A;
    m.m_B = p.m_B;
    m.delta = s.number("delta", m.delta, Range{0, 0.1, true, false});
    m.E_a = s.number("E_a", m.E_a, Range::non_negative());
    m.T_ref = s.number("T_ref", m.T, Range::positive());
    m.phi_arrest = s.number("phi_arrest", m.phi_arrest, Range::closed(0, 1));
    m.arrest_factor = s.number("arrest_factor", m.arrest_factor, Range{0, 1, true, false});
    m.arrest_width = s.number("arrest_width", m.arrest_width, Range::positive());
    s.finish();
    return m;
  }
  if (material)
    for (const char* key : material_owned_model_keys)
      if (s.has(key)) s.fail(key, "is set by [material] (the wet-process mapping, docs/wet_process.md); remove it here");
  m.free_energy = static_cast<FreeEnergyKind>(s.choice("free_energy", {"double_well", "flory_huggins"}, -1));
  m.rho = s.number("rho", m.rho, Range::positive());
  m.c_alpha = s.number("c_alpha", m.c_alpha, Range{});
  m.c_beta = s.number("c_beta", m.c_beta, Range{});
  if (m.free_energy == FreeEnergyKind::double_well && !(m.c_alpha < m.c_beta))
    s.fail("c_beta", fmt::format("{} must be greater than c_alpha = {}", m.c_beta, m.c_alpha));
  m.N_A = s.number("N_A", m.N_A, Range::at_least(1));
  m.N_B = s.number("N_B", m.N_B, Range::at_least(1));
  m.chi_A = s.number("chi_A", m.chi_A, Range{});
  m.chi_B = s.number("chi_B", m.chi_B, Range{});
  m.T = s.number("T", m.T, Range::positive());
  m.delta = s.number("delta", m.delta, Range{0, 0.1, true, false});
  m.log_continuation = s.boolean("log_continuation", m.log_continuation);
  m.kappa = s.required_number("kappa", Range::positive());
  m.mobility = static_cast<MobilityKind>(s.choice("mobility", {"constant", "slow_mode", "degenerate"}, 0));
  m.M0 = s.number("M0", m.M0, Range::positive());
  m.m_A = s.number("m_A", m.m_A, Range::positive());
  m.m_B = s.number("m_B", m.m_B, Range::positive());
  m.E_a = s.number("E_a", m.E_a, Range::non_negative());
  m.T_ref = s.number("T_ref", m.T, Range::positive());
  m.phi_arrest = s.number("phi_arrest", m.phi_arrest, Range::closed(0, 1));
  m.arrest_factor = s.number("arrest_factor", m.arrest_factor, Range{0, 1, true, false});
  m.arrest_width = s.number("arrest_width", m.arrest_width, Range::positive());
  m.mobility_floor = s.number("mobility_floor", m.mobility_floor, Range::closed(0, 1));
  s.finish();
  return m;
}

MaterialConfig read_material(TomlSection s, bool present, const ModelConfig& model) {
  MaterialConfig m;
  m.enabled = present;
  if (!present) return m;
  if (model.free_energy != FreeEnergyKind::flory_huggins)
    s.fail("polymer_wt_percent", "[material] needs [model] free_energy = \"flory_huggins\"");
  m.polymer_wt_percent = s.number("polymer_wt_percent", m.polymer_wt_percent, Range::open(0, 100));
  m.polymer_mw = s.number_list("polymer_mw", m.polymer_mw, Range::positive());
  m.polymer_weight_fractions = s.number_list("polymer_weight_fractions", std::vector<double>(m.polymer_mw.size(), 1.0 / double(m.polymer_mw.size())),
                                             Range::closed(0, 1));
  if (m.polymer_weight_fractions.size() != m.polymer_mw.size())
    s.fail("polymer_weight_fractions", fmt::format("has {} entries; polymer_mw has {}", m.polymer_weight_fractions.size(), m.polymer_mw.size()));
  double sum = 0;
  for (double w : m.polymer_weight_fractions) sum += w;
  if (std::abs(sum - 1) > 1e-6) s.fail("polymer_weight_fractions", fmt::format("sum to {}; must sum to 1", sum));
  m.mw_mn = s.number("mw_mn", m.mw_mn, Range::at_least(1));
  m.polymer_density_g_cm3 = s.number("polymer_density_g_cm3", m.polymer_density_g_cm3, Range::positive());
  m.solvent_density_g_cm3 = s.number("solvent_density_g_cm3", m.solvent_density_g_cm3, Range::positive());
  m.solvent_molar_volume_cm3_mol = s.number("solvent_molar_volume_cm3_mol", m.solvent_molar_volume_cm3_mol, Range::positive());
  m.melting_point_C = s.number("melting_point_C", m.melting_point_C, Range::open(-273.15, 1000));
  m.crystal_dispersion_C = s.number("crystal_dispersion_C", m.crystal_dispersion_C, Range::open(-273.15, 1000));
  if (!(m.crystal_dispersion_C < m.melting_point_C))
    s.fail("crystal_dispersion_C", fmt::format("{} must be below melting_point_C = {}", m.crystal_dispersion_C, m.melting_point_C));
  m.heat_of_fusion_J_g = s.number("heat_of_fusion_J_g", m.heat_of_fusion_J_g, Range::positive());
  m.crystallisation_undercooling_K = s.number("crystallisation_undercooling_K", m.crystallisation_undercooling_K, Range::non_negative());
  m.gel_chi_memory = s.boolean("gel_chi_memory", m.gel_chi_memory);
  m.chi_A = s.number("chi_A", m.chi_A, Range{});
  m.chi_B_K = s.number("chi_B_K", m.chi_B_K, Range{});
  m.activation_energy_J_mol = s.number("activation_energy_J_mol", m.activation_energy_J_mol, Range::non_negative());
  m.reference_temperature_C = s.number("reference_temperature_C", m.melting_point_C, Range::open(-273.15, 1000));
  m.thermal_diffusivity = s.number("thermal_diffusivity", m.thermal_diffusivity, Range::positive());
  m.heat_transfer_coefficient = s.number("heat_transfer_coefficient", m.heat_transfer_coefficient, Range::non_negative());
  m.initial_temperature_C = s.number("initial_temperature_C", m.initial_temperature_C, Range::open(-273.15, 1000));
  s.finish();
  return m;
}

InitialConfig read_initial(TomlSection s, const Config& c) {
  InitialConfig i;
  i.kind = static_cast<InitialKind>(
      s.choice("kind", {"pfhub_bm1", "cosine", "uniform_noise", "file", "droplets", "reactor_blend"}, -1));
  const bool fh = c.model.free_energy == FreeEnergyKind::flory_huggins;
  if (c.material.enabled && s.has("c0"))
    s.fail("c0", "is set by [material] polymer_wt_percent (converted to a volume fraction); remove it here");
  if (c.blend && s.has("c0")) s.fail("c0", "is set by [blend] pp_wt_percent (the PP volume fraction); remove it here");
  i.c0 = c.blend ? c.blend_parameters.phi_pp : s.number("c0", i.c0, fh ? Range::open(0, 1) : Range{});
  const bool drops = i.kind == InitialKind::droplets || i.kind == InitialKind::reactor_blend;
  if (drops && !(i.c0 > 0 && i.c0 < 1)) s.fail("kind", fmt::format("droplets need c0 in (0, 1), got {}", i.c0));
  // Coarse droplets from kneading vs the fine dispersion of a multistage reactor blend.
  i.droplet_radius = s.number("droplet_radius", i.kind == InitialKind::reactor_blend ? 2.0 : 6.0, Range::positive());
  i.interface_width = s.number("interface_width", i.interface_width, Range::positive());
  i.epsilon = s.number("epsilon", i.epsilon, Range::non_negative());
  i.amplitude = s.number("amplitude", i.amplitude, Range::non_negative());
  i.mode = s.integer3("mode", i.mode, Range::closed(-16384, 16384));
  i.seed = std::uint64_t(s.integer("seed", 0, Range::non_negative()));
  i.file = s.string("file", "");
  i.dataset = s.string("dataset", i.dataset);
  if (i.kind == InitialKind::file && i.file.empty()) s.fail("file", "missing; required when kind = \"file\" (an HDF5 path)");
  if (fh && !c.material.enabled && i.kind != InitialKind::file && i.c0 - i.amplitude <= 0 && i.kind != InitialKind::pfhub_bm1)
    s.fail("amplitude", fmt::format("{} with c0 = {} reaches phi <= 0; flory_huggins needs phi in (0, 1)", i.amplitude, i.c0));
  s.finish();
  return i;
}

TimeConfig read_time(TomlSection s, bool has_stages) {
  TimeConfig t;
  t.dt = s.required_number("dt", Range::positive());
  if (!has_stages)
    t.end = s.required_number("end", Range::positive());
  else if (s.has("end"))
    s.fail("end", "not allowed together with [[stage]]: each stage has its own duration (the run ends after the last)");
  t.stabilization = s.number("stabilization", t.stabilization, Range::non_negative());
  t.double_precision = s.choice("precision", {"float", "double"}, 1) == 1;
  t.adaptive = s.boolean("adaptive", t.adaptive);
  t.dt_min = s.number("dt_min", t.dt / 1000, Range::positive());
  t.dt_max = s.number("dt_max", t.dt * 1000, Range::positive());
  t.max_change = s.number("max_change", t.max_change, Range{0, 1, true, false});
  t.change_without_noise = s.choice("change_measure", {"total", "deterministic"}, 0) == 1;
  if (t.dt_min > t.dt) s.fail("dt_min", fmt::format("{} must not exceed dt = {}", t.dt_min, t.dt));
  if (t.dt_max < t.dt) s.fail("dt_max", fmt::format("{} must not be below dt = {}", t.dt_max, t.dt));
  s.finish();
  return t;
}

NoiseConfig read_noise(TomlSection s) {
  NoiseConfig n;
  n.sigma = s.number("sigma", n.sigma, Range::non_negative());
  n.seed = std::uint64_t(s.integer("seed", 0, Range::non_negative()));
  s.finish();
  return n;
}

OutputConfig read_output(TomlSection s) {
  OutputConfig o;
  o.dir = s.string("dir", o.dir);
  if (o.dir.empty()) s.fail("dir", "must not be empty");
  o.every = int(s.integer("every", o.every, Range::closed(1, 2e9)));
  o.checkpoint_every = s.integer("checkpoint_every", 0, Range::closed(0, 9e15));
  o.checkpoint_minutes = s.number("checkpoint_minutes", 0, Range::non_negative());
  o.checkpoint_keep = int(s.integer("checkpoint_keep", 2, Range::closed(1, 1e6)));
  s.finish();
  return o;
}

AnalysisConfig read_analysis(TomlSection s, bool present) {
  AnalysisConfig a;
  a.enabled = present;
  a.every = int(s.integer("every", 0, Range::closed(0, 2e9)));
  const bool below = s.has("pore_below"), above = s.has("pore_above");
  if (present && below == above)
    s.fail(below ? "pore_above" : "pore_below", "give exactly one of pore_below or pore_above (the phi threshold of the pore phase)");
  a.pore_below = !above;
  a.threshold = above ? s.number("pore_above", 0, Range{}) : s.number("pore_below", a.threshold, Range{});
  a.connectivity = int(s.integer("connectivity", a.connectivity, Range::closed(6, 26)));
  if (a.connectivity != 6 && a.connectivity != 26) s.fail("connectivity", fmt::format("{} must be 6 or 26", a.connectivity));
  a.tortuosity = s.boolean("tortuosity", a.tortuosity);
  constexpr const char* backends[] = {"cpu", "auto", "cuda"};
  a.backend = backends[s.choice("backend", {"cpu", "auto", "cuda"}, 0)];
  s.finish();
  return a;
}

DeformationConfig read_deformation(TomlSection s) {
  DeformationConfig d;
  d.max_aspect_ratio = s.number("max_aspect_ratio", d.max_aspect_ratio, Range{1, std::numeric_limits<double>::infinity(), true, false});
  d.max_voxels = s.integer("max_voxels", d.max_voxels, Range::closed(8, 1LL << 40));
  d.target = static_cast<RemeshTarget>(s.choice("remesh_target", {"finest", "preserve_voxels"}, 0));
  s.finish();
  return d;
}

std::vector<StageSource> read_stage_list(const std::shared_ptr<const toml::table>& root, const std::string& file) {
  std::vector<StageSource> out;
  const toml::node* node = root->get("stage");
  if (!node) return out;
  const toml::array* list = node->as_array();
  if (!list || !list->is_array_of_tables())
    throw InputError(fmt::format("{}:{}: stage must be an array of tables, written [[stage]] (one per stage, in order)", file,
                                 node->source().begin.line));
  if (list->empty()) throw InputError(fmt::format("{}:{}: [[stage]] list is empty", file, node->source().begin.line));
  for (std::size_t i = 0; i < list->size(); ++i) {
    const toml::table& t = *list->get(i)->as_table();
    // The stage table stays inside the parsed document (shared), which keeps its source lines
    // for messages (a copied toml::table forgets them).
    out.push_back({int(i + 1), int(t.source().begin.line), std::make_shared<const StageTable>(StageTable{root, &t})});
  }
  return out;
}

}  // namespace

Config parse_config_text(const std::string& text, const std::string& source_name) {
  auto document = std::make_shared<toml::table>();
  toml::table& root = *document;
  try {
    root = toml::parse(text, source_name);
  } catch (const toml::parse_error& e) {
    throw InputError(fmt::format("{}:{}: TOML syntax error: {}", source_name, e.source().begin.line, e.description()));
  }
  Config c;
  c.source_name = source_name;
  c.source_text = text;
  const char* sections[] = {"grid", "model", "initial", "time", "noise", "output", "analysis", "deformation", "stage", "blend", "material"};
  for (const auto& [k, node] : root) {
    const std::string key(k.str());
    if (std::find(std::begin(sections), std::end(sections), key) == std::end(sections)) {
      const std::string hint = did_you_mean(key, std::vector<std::string>(std::begin(sections), std::end(sections)));
      throw InputError(fmt::format("{}:{}: unknown section [{}]{}", source_name, node.source().begin.line, key,
                                   hint.empty() ? " (known: grid, model, material, blend, initial, time, noise, output, analysis, deformation, [[stage]])"
                                                : " (did you mean [" + hint + "]?)"));
    }
  }
  auto section = [&](const char* name) { return TomlSection(section_table(root, name, source_name), name, source_name); };
  if (!root.contains("grid")) throw InputError(source_name + ": missing section [grid] (shape is required)");
  c.grid = read_grid(section("grid"));
  if (root.contains("blend")) {
    c.blend = read_blend(section("blend"));
    c.blend_parameters = blend::map(*c.blend);
  }
  c.model = read_model(section("model"), c.blend, root.contains("material"));
  c.material = read_material(section("material"), root.contains("material"), c.model);
  c.initial = read_initial(section("initial"), c);
  c.stages = read_stage_list(document, source_name);
  c.time = read_time(section("time"), !c.stages.empty());
  c.noise = read_noise(section("noise"));
  c.output = read_output(section("output"));
  c.analysis = read_analysis(section("analysis"), root.contains("analysis"));
  c.deformation = read_deformation(section("deformation"));
  return c;
}

std::string config_location(const Config& c, const std::string& section, const std::string& key) {
  try {
    const toml::table root = toml::parse(c.source_text, c.source_name);
    if (const toml::node* node = root.at_path(section + "." + key).node())
      return fmt::format("{}:{}", c.source_name, node->source().begin.line);
  } catch (const toml::parse_error&) {
  }
  return c.source_name;
}

Config parse_config_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw InputError(path + ": cannot open config file");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_config_text(text.str(), path);
}

}  // namespace pf
