/**
 * Generates the sample hall files committed under config/ and the tiny test hall under tests/fixtures/halls/:
 *
 *   config/city-hall.json     the city hall of the source report: 9 zones + 1 intermediary/utility zone,
 *                             45 departments, 275 services, 70 counters, 150 staff
 *   config/county-hall.json   the county hall: 49 units, 150 services, 60 counters, 88 staff ("nearly 90")
 *   config/township.json      a township center: 2 zones, 6 offices, 30 services, 5 counters, 8 staff
 *   tests/fixtures/halls/tiny.json   a tiny hall open around the clock, for tests
 *
 * Run: npx tsx scripts/make-sample-halls.ts
 *
 * The output is deterministic: no randomness, no clock. Password salts and device tokens are derived
 * from the hall and staff/device ids, so a rerun rewrites byte-identical files. Every file is validated
 * with the config schema before it is written. All credentials here are DEMO credentials (see config/README.md).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { hashDeviceToken, hashPassword } from '../server/app/passwords';
import { parseHallConfig } from '../server/config/load';
import { hallFileText } from '../server/config/hall-file';
import { DEMO_PASSWORD, demoDeviceToken } from '../server/config/demo-values';
import type {
	CallingStrategy,
	CounterConfig,
	DepartmentConfig,
	DeviceConfig,
	HallConfig,
	OpeningWindow,
	ServiceConfig,
	StaffConfig,
	Text,
	ZoneConfig
} from '../server/core/model';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

export { DEMO_PASSWORD };

const t = (zh: string, en: string): Text => ({ zh, en });

// ---------------------------------------------------------------------------------------------------------
// Hours

const WEEKDAYS = [1, 2, 3, 4, 5];
const HALL_HOURS: OpeningWindow[] = [
	{ days: WEEKDAYS, from: '08:30', to: '12:00' },
	{ days: WEEKDAYS, from: '13:30', to: '17:30' }
];
const SERVICE_HOURS: Record<'am' | 'sat', OpeningWindow[]> = {
	/** Mornings only (assessments, bid-bond refunds, …). */
	am: [{ days: WEEKDAYS, from: '08:30', to: '12:00' }],
	/** The hall's hours plus Saturday morning. */
	sat: [...HALL_HOURS, { days: [6], from: '09:00', to: '12:00' }]
};

// ---------------------------------------------------------------------------------------------------------
// Required documents, referred to by key in the catalog below.

const DOC: Record<string, [string, string]> = {
	id: ['居民身份证原件', 'Original resident ID card'],
	idc: ['居民身份证复印件', 'Copy of resident ID card'],
	app: ['申请表', 'Application form'],
	bl: ['营业执照', 'Business licence'],
	lr: ['法定代表人身份证明', "Legal representative's identity document"],
	poa: ['授权委托书及受托人身份证', "Power of attorney and agent's ID card"],
	hk: ['户口簿', 'Household register (hukou booklet)'],
	photo: ['近期免冠证件照片', 'Recent passport-style photo'],
	articles: ['公司章程', 'Articles of association'],
	premises: ['住所（经营场所）使用证明', 'Proof of business premises'],
	resolution: ['股东会决议或决定', "Shareholders' resolution or decision"],
	oldlic: ['原许可证正副本', 'Original permit (both copies)'],
	liq: ['清算报告', 'Liquidation report'],
	title: ['不动产权证书', 'Real-estate title certificate'],
	sale: ['房屋买卖合同', 'Housing sale contract'],
	mortgage: ['抵押合同及主债权合同', 'Mortgage contract and principal loan contract'],
	marriage: ['结婚证', 'Marriage certificate'],
	single: ['本人无配偶声明书', 'Declaration of being unmarried'],
	divorce: ['离婚协议书', 'Divorce agreement'],
	survey: ['不动产权籍调查成果', 'Cadastral survey results'],
	inherit: ['继承权公证书或生效法律文书', 'Inheritance notarial certificate or court judgment'],
	court: ['人民法院协助执行通知书', 'Court notice of assistance in enforcement'],
	approval: ['项目审批、核准或备案文件', 'Project approval, authorisation or filing document'],
	report: ['项目申请报告', 'Project application report'],
	feas: ['可行性研究报告', 'Feasibility study report'],
	energy: ['节能报告', 'Energy-saving report'],
	budget: ['初步设计文件及概算书', 'Preliminary design and budget estimate'],
	landuse: ['建设用地规划许可证', 'Land-use planning permit'],
	landcert: ['土地权属证明', 'Proof of land rights'],
	redline: ['用地红线图', 'Site boundary map'],
	design: ['建设工程设计方案', 'Construction design scheme'],
	drawings: ['施工图设计文件', 'Construction drawings'],
	drawok: ['施工图审查合格书', 'Construction drawing review certificate'],
	plan: ['建设工程规划许可证', 'Construction project planning permit'],
	cprmit: ['建筑工程施工许可证', 'Construction works permit'],
	ccontract: ['施工合同及监理合同', 'Construction and supervision contracts'],
	accept: ['竣工验收报告', 'Completion acceptance report'],
	firedesign: ['消防设计文件', 'Fire-protection design documents'],
	fireok: ['消防验收或备案凭证', 'Fire-protection acceptance or filing receipt'],
	qual: ['资质证书', 'Qualification certificate'],
	staffq: ['专业技术人员资格证书', 'Qualification certificates of technical staff'],
	safety: ['安全管理制度及操作规程', 'Safety management rules and operating procedures'],
	eia: ['环境影响报告书（表）', 'Environmental impact report (form)'],
	emplan: ['应急预案文本', 'Emergency plan'],
	monitoring: ['污染物监测报告', 'Pollutant monitoring report'],
	hydro: ['水资源论证报告', 'Water resources assessment report'],
	soil: ['水土保持方案报告书', 'Soil and water conservation plan'],
	flood: ['洪水影响评价报告', 'Flood impact assessment report'],
	vehicle: ['机动车登记证书', 'Vehicle registration certificate'],
	vlicence: ['机动车行驶证', 'Vehicle licence'],
	insurance: ['交强险保单', 'Compulsory traffic insurance policy'],
	invoice: ['购车发票', 'Vehicle purchase invoice'],
	driving: ['机动车驾驶证', 'Driving licence'],
	medical: ['体检证明', 'Medical examination certificate'],
	health: ['从业人员健康证明', 'Health certificates of staff'],
	floor: ['场所平面布局图', 'Floor plan of the premises'],
	roadmap: ['路线图及车辆技术资料', 'Route plan and vehicle technical data'],
	fire: ['消防安全检查合格证明', 'Fire safety inspection certificate'],
	prepaid: ['预付卡发行与服务协议', 'Prepaid card issuance and service agreement'],
	equipment: ['设备清单及检验报告', 'Equipment list and inspection report'],
	diploma: ['学历证书', 'Diploma'],
	mandarin: ['普通话水平测试等级证书', 'Mandarin proficiency certificate'],
	school: ['办学章程及师资情况', 'School charter and teaching staff list'],
	transfer: ['转入学校接收证明', 'Acceptance letter of the receiving school'],
	taxreg: ['税务登记信息确认表', 'Tax registration information form'],
	books: ['财务会计报表', 'Financial statements'],
	taxform: ['纳税申报表', 'Tax return'],
	contract: ['合同或协议', 'Contract or agreement'],
	export: ['出口货物报关单', 'Export customs declaration'],
	income: ['家庭收入及财产申报表', 'Household income and assets declaration'],
	hardship: ['困难情况说明', 'Statement of hardship'],
	disability: ['残疾人证', 'Disability certificate'],
	hospital: ['指定医院残疾评定表', 'Disability assessment by a designated hospital'],
	discharge: ['退出现役证明', 'Certificate of discharge from active service'],
	org: ['社会组织章程及负责人情况', 'Charter and officers of the organisation'],
	lawyer: ['法律职业资格证书', 'Legal professional qualification certificate'],
	dispute: ['纠纷情况说明及证据', 'Statement of the dispute and evidence'],
	lease: ['房屋租赁合同', 'Residential lease contract'],
	birthcert: ['出生医学证明', 'Medical birth certificate'],
	death: ['死亡证明', 'Death certificate'],
	residence: ['居住证明（租赁合同或房产证）', 'Proof of residence (lease or title certificate)'],
	passport: ['原出入境证件', 'Previous exit-entry document'],
	visa: ['护照及签证申请材料', 'Passport and visa application documents'],
	ssc: ['社会保障卡', 'Social security card'],
	labour: ['劳动合同或用工证明', 'Labour contract or proof of employment'],
	injury: ['工伤事故报告及医疗诊断证明', 'Accident report and medical diagnosis'],
	bank: ['银行账户信息', 'Bank account details'],
	unemploy: ['解除或终止劳动关系证明', 'Proof of termination of employment'],
	bizplan: ['创业计划书', 'Business plan'],
	arbitration: ['仲裁申请书', 'Arbitration application'],
	bills: ['医疗费用发票及费用清单', 'Medical invoices and itemised bills'],
	diag: ['诊断证明及病历资料', 'Diagnosis and medical records'],
	referral: ['转诊或异地居住证明', 'Referral or proof of residence elsewhere'],
	hpfcard: ['住房公积金联名卡', 'Housing provident fund co-branded card'],
	buy: ['购房合同及发票', 'Home purchase contract and invoice'],
	retire: ['退休证明', 'Proof of retirement'],
	loan: ['借款合同', 'Loan contract'],
	unitreg: ['单位缴存登记表', 'Employer deposit registration form'],
	tender: ['招标公告及招标文件', 'Tender notice and tender documents'],
	bond: ['投标保证金缴纳凭证', 'Bid bond payment receipt'],
	ca: ['数字证书申请表', 'Digital certificate application form'],
	address: ['用电（用水、用气）地址产权证明', 'Proof of ownership of the supply address'],
	load: ['用电设备容量清单', 'List of electrical loads'],
	bill: ['缴费户号或账单', 'Account number or bill'],
	notarise: ['需公证的文书原件', 'Original documents to be notarised'],
	kinship: ['亲属关系证明材料', 'Proof of kinship'],
	parcel: ['宗地图或房屋平面图', 'Parcel map or floor plan'],
	payslip: ['缴款通知书', 'Payment notice'],
	farmland: ['土地承包经营权证', 'Land contract management certificate'],
	machine: ['农机购置发票及合格证', 'Farm machinery invoice and certificate of conformity'],
	homestead: ['宅基地申请及村民会议意见', 'Homestead application and village meeting opinion'],
	poverty: ['家庭情况说明及村（社区）意见', 'Household statement and village (community) opinion']
};

// ---------------------------------------------------------------------------------------------------------
// The catalog: zones, departments and their services, in the order a citizen would expect them.

type ZoneId = 'invest' | 'business' | 'estate' | 'social' | 'police' | 'tax' | 'hr' | 'fund' | 'trade' | 'utility';

interface ZoneSpec {
	id: ZoneId;
	name: Text;
	icon: string;
	/** Location in the city hall and in the county hall. */
	city: Text;
	county: Text;
	prefix: string;
	/** Default target wait of the zone's services, minutes. */
	wait: number;
}

const ZONES: ZoneSpec[] = [
	{ id: 'invest', name: t('投资建设审批区', 'Investment & Construction Approval'), icon: 'building', city: t('二楼东区', '2F East'), county: t('二楼东侧', '2F East'), prefix: 'A', wait: 30 },
	{ id: 'business', name: t('企业注册登记区', 'Business Registration'), icon: 'briefcase', city: t('一楼东区', '1F East'), county: t('一楼东侧', '1F East'), prefix: 'B', wait: 30 },
	{ id: 'estate', name: t('房产登记服务区', 'Real-Estate Registration'), icon: 'home', city: t('一楼西区', '1F West'), county: t('一楼西侧', '1F West'), prefix: 'C', wait: 30 },
	{ id: 'social', name: t('社会事务区', 'Social Affairs'), icon: 'heart', city: t('一楼北区', '1F North'), county: t('一楼北侧', '1F North'), prefix: 'D', wait: 20 },
	{ id: 'police', name: t('公安服务区', 'Public Security'), icon: 'shield', city: t('一楼南区', '1F South'), county: t('一楼南侧', '1F South'), prefix: 'E', wait: 20 },
	{ id: 'tax', name: t('税务服务区', 'Taxation'), icon: 'receipt', city: t('二楼西区', '2F West'), county: t('二楼西侧', '2F West'), prefix: 'H', wait: 20 },
	{ id: 'hr', name: t('人社医保区', 'Human Resources, Social Security & Medical Insurance'), icon: 'users', city: t('二楼北区', '2F North'), county: t('二楼北侧', '2F North'), prefix: 'J', wait: 20 },
	{ id: 'fund', name: t('住房公积金区', 'Housing Provident Fund'), icon: 'piggy-bank', city: t('二楼南区', '2F South'), county: t('二楼南侧', '2F South'), prefix: 'L', wait: 20 },
	{ id: 'trade', name: t('公共资源交易区', 'Public Resources Trading'), icon: 'gavel', city: t('三楼', '3F'), county: t('三楼', '3F'), prefix: 'M', wait: 30 },
	{ id: 'utility', name: t('中介及公用事业服务区', 'Intermediaries & Utilities'), icon: 'plug', city: t('一楼中厅', '1F Central'), county: t('一楼中厅', '1F Central'), prefix: 'U', wait: 15 }
];

interface ServiceOpts {
	/** Average handling time, minutes (default: the department's). */
	m?: number;
	/** Target wait, minutes (default: the zone's). */
	w?: number;
	/** Daily quota. */
	q?: number;
	/** Own hours. */
	h?: 'am' | 'sat';
	/** Requires an ID card (default: the department's). */
	id?: boolean;
	/** Zone other than the department's. */
	zone?: ZoneId;
	/** Prefix other than the zone's / department's. */
	p?: string;
	/** Extra search keywords (synonyms, common abbreviations). */
	kw?: string[];
	/** High demand: served with weight 3 at its counters. */
	hot?: boolean;
}

/** [zh, en, document keys separated by spaces, options] */
type ServiceSpec = [string, string, string, ServiceOpts?];

interface DeptSpec {
	id: string;
	name: Text;
	/** The county hall's name of the unit, where it differs. */
	county?: Text;
	zone: ZoneId;
	prefix?: string;
	/** Default average handling time, minutes. */
	m: number;
	/** Default of the department's services: they require an ID card. */
	ident?: boolean;
	/** Keywords for every service of the department. */
	kw?: string[];
	services: ServiceSpec[];
}

const CITY_DEPARTMENTS: DeptSpec[] = [
	// ---- investment & construction approval
	{
		id: 'ndrc', name: t('发展和改革委员会', 'Development and Reform Commission'), county: t('发展和改革局', 'Development and Reform Bureau'), zone: 'invest', m: 25, kw: ['发改'],
		services: [
			['企业投资项目备案', 'Enterprise investment project filing', 'app bl', { m: 15, hot: true }],
			['企业投资项目核准', 'Enterprise investment project approval', 'app bl report'],
			['政府投资项目建议书审批', 'Approval of government investment project proposals', 'app report'],
			['政府投资项目可行性研究报告审批', 'Approval of feasibility studies for government investment projects', 'app feas'],
			['固定资产投资项目节能审查', 'Energy-saving review of fixed-asset investment projects', 'app energy approval'],
			['项目初步设计及概算审批', 'Approval of preliminary design and budget estimates', 'app budget approval'],
			['招标方案核准', 'Approval of tendering plans', 'app approval'],
			['重点项目代办服务', 'Agency service for key projects', 'bl poa', { m: 30, kw: ['代办'] }]
		]
	},
	{
		id: 'nrp', name: t('自然资源和规划局', 'Natural Resources and Planning Bureau'), county: t('自然资源局', 'Natural Resources Bureau'), zone: 'invest', m: 25, kw: ['规划', '国土'],
		services: [
			['建设工程规划许可证核发', 'Construction project planning permit', 'app landcert design', { hot: true }],
			['建设用地规划许可证核发', 'Land-use planning permit', 'app approval redline'],
			['建设项目用地预审与选址意见书核发', 'Land-use pre-review and site selection opinion', 'app approval redline'],
			['乡村建设规划许可证核发', 'Rural construction planning permit', 'app landcert design', { id: true }],
			['建设工程规划条件核实', 'Verification of planning conditions on completion', 'app plan'],
			['建设工程设计方案审查', 'Review of construction design schemes', 'app design'],
			['国有建设用地使用权出让', 'Grant of state-owned construction land use rights', 'app bl'],
			['国有建设用地使用权划拨', 'Allocation of state-owned construction land use rights', 'app approval'],
			['临时用地审批', 'Approval of temporary land use', 'app redline'],
			['农用地转用审批', 'Approval of conversion of agricultural land', 'app approval redline'],
			['规划条件核提', 'Issue of planning conditions', 'app redline'],
			['采矿权登记', 'Mining right registration', 'app bl', { m: 30 }]
		]
	},
	{
		id: 'hud', name: t('住房和城乡建设局', 'Housing and Urban-Rural Development Bureau'), zone: 'invest', m: 20, kw: ['住建', '建委'],
		services: [
			['建筑工程施工许可证核发', 'Construction works permit', 'app plan ccontract drawok', { hot: true, kw: ['施工许可'] }],
			['建设工程消防设计审查', 'Fire-protection design review of construction projects', 'app firedesign drawings'],
			['建设工程消防验收', 'Fire-protection acceptance of construction projects', 'app accept firedesign'],
			['建设工程竣工验收备案', 'Completion acceptance filing', 'app accept fireok'],
			['建设工程消防验收备案', 'Fire-protection acceptance filing', 'app accept'],
			['房屋建筑工程施工图联合审查', 'Joint review of construction drawings', 'app drawings', { m: 30, kw: ['联合图审', '图审'] }],
			['建设工程质量安全监督登记', 'Quality and safety supervision registration', 'app cprmit ccontract'],
			['建筑业企业资质核准', 'Construction enterprise qualification', 'app bl staffq'],
			['房地产开发企业资质核定', 'Real-estate developer qualification', 'app bl staffq books'],
			['安全生产许可证（建筑施工企业）核发', 'Safety production permit for construction firms', 'app bl safety'],
			['建筑起重机械使用登记', 'Registration of construction cranes', 'app equipment'],
			['燃气经营许可证核发', 'Gas business licence', 'app bl safety staffq'],
			['劳务分包合同备案', 'Labour subcontract filing', 'contract bl', { m: 10 }]
		]
	},
	{
		id: 'eco', name: t('生态环境局', 'Ecology and Environment Bureau'), county: t('生态环境分局', 'Ecology and Environment Sub-bureau'), zone: 'invest', m: 20, kw: ['环保', '环评'],
		services: [
			['建设项目环境影响报告表审批', 'Approval of environmental impact forms', 'app eia bl', { hot: true }],
			['建设项目环境影响报告书审批', 'Approval of environmental impact reports', 'app eia bl'],
			['建设项目环境影响登记表备案', 'Filing of environmental impact registration forms', 'app bl', { m: 10 }],
			['排污许可证核发', 'Pollutant discharge permit', 'app bl monitoring'],
			['危险废物经营许可证核发', 'Hazardous waste business licence', 'app bl safety'],
			['辐射安全许可证核发', 'Radiation safety licence', 'app bl staffq'],
			['突发环境事件应急预案备案', 'Filing of environmental emergency plans', 'emplan bl', { m: 10 }]
		]
	},
	{
		id: 'water', name: t('水务局', 'Water Affairs Bureau'), county: t('水利局', 'Water Resources Bureau'), zone: 'invest', m: 20, kw: ['水利'],
		services: [
			['取水许可', 'Water abstraction permit', 'app hydro bl'],
			['生产建设项目水土保持方案审批', 'Approval of soil and water conservation plans', 'app soil'],
			['洪水影响评价类审批', 'Flood impact assessment approval', 'app flood'],
			['城镇污水排入排水管网许可', 'Permit to discharge sewage into the public sewer', 'app bl monitoring'],
			['河道管理范围内建设项目工程建设方案审批', 'Approval of construction schemes within river management zones', 'app design'],
			['占用农业灌溉水源、灌排工程设施审批', 'Approval of the use of irrigation sources and works', 'app'],
			['城市供水设施改装拆除审批', 'Approval of alteration or removal of urban water-supply facilities', 'app design']
		]
	},
	{
		id: 'transport', name: t('交通运输局', 'Transport Bureau'), zone: 'invest', m: 15, kw: ['交通', '运管'],
		services: [
			['道路运输经营许可', 'Road transport business licence', 'app bl vlicence', { hot: true }],
			['道路运输从业人员从业资格证', 'Road transport worker qualification certificate', 'app id driving photo', { id: true }],
			['网络预约出租汽车驾驶员证核发', 'Ride-hailing driver certificate', 'app id driving', { id: true, kw: ['网约车'] }],
			['网络预约出租汽车运输证核发', 'Ride-hailing vehicle transport certificate', 'app vlicence insurance', { kw: ['网约车'] }],
			['出租汽车经营许可', 'Taxi business licence', 'app bl'],
			['道路运输证年审', 'Annual review of road transport certificates', 'vlicence', { m: 10 }],
			['机动车维修经营备案', 'Motor vehicle repair business filing', 'app bl equipment'],
			['公路超限运输许可', 'Oversize transport permit', 'app roadmap vlicence'],
			['涉路施工许可', 'Permit for road-related construction', 'app design']
		]
	},
	{
		id: 'civildef', name: t('人民防空办公室', 'Civil Air Defence Office'), zone: 'invest', m: 15, kw: ['人防'],
		services: [
			['人防工程建设审批（结建）', 'Approval of civil air-defence works', 'app drawings plan'],
			['防空地下室易地建设审批', 'Approval of off-site construction of air-raid basements', 'app plan'],
			['人防工程竣工验收备案', 'Completion filing of civil air-defence works', 'app accept']
		]
	},
	{
		id: 'meteo', name: t('气象局', 'Meteorological Bureau'), zone: 'invest', m: 15, kw: ['防雷'],
		services: [
			['防雷装置设计审核', 'Lightning protection design review', 'app drawings'],
			['防雷装置竣工验收', 'Lightning protection acceptance', 'app accept'],
			['升放无人驾驶自由气球或系留气球活动审批', 'Approval of balloon releases', 'app', { m: 10 }]
		]
	},
	{
		id: 'urban', name: t('城市管理局', 'Urban Management Bureau'), zone: 'invest', m: 15, kw: ['城管'],
		services: [
			['城市建筑垃圾处置核准', 'Construction waste disposal approval', 'app bl contract'],
			['设置大型户外广告审批', 'Approval of large outdoor advertising', 'app design'],
			['临时占用城市道路审批', 'Approval of temporary occupation of city roads', 'app', { m: 10 }],
			['挖掘城市道路审批', 'Approval of urban road excavation', 'app design'],
			['砍伐、迁移城市树木审批', 'Approval for felling or moving city trees', 'app'],
			['临时占用城市绿地审批', 'Approval of temporary occupation of green space', 'app']
		]
	},
	{
		id: 'fire', name: t('消防救援支队', 'Fire and Rescue Detachment'), county: t('消防救援大队', 'Fire and Rescue Brigade'), zone: 'invest', m: 20, kw: ['消防'],
		services: [
			['公众聚集场所投入使用、营业前消防安全检查', 'Pre-opening fire safety inspection of public venues', 'app bl floor'],
			['大型群众性活动消防安全检查', 'Fire safety inspection of large public events', 'app floor emplan'],
			['消防安全重点单位备案', 'Filing of key fire-safety units', 'bl safety', { m: 10 }]
		]
	},
	{
		id: 'emergency', name: t('应急管理局', 'Emergency Management Bureau'), zone: 'invest', m: 20, kw: ['安监'],
		services: [
			['危险化学品经营许可证核发', 'Hazardous chemicals business licence', 'app bl safety staffq'],
			['烟花爆竹经营（零售）许可', 'Fireworks retail licence', 'app bl floor', { q: 80, m: 10 }],
			['建设项目安全设施设计审查', 'Safety facility design review', 'app drawings'],
			['第二类、第三类易制毒化学品经营备案', 'Filing of precursor chemicals business', 'app bl safety'],
			['生产经营单位生产安全事故应急预案备案', 'Filing of work-safety emergency plans', 'emplan bl', { m: 10 }]
		]
	},
	{
		id: 'quake', name: t('地震局', 'Earthquake Administration'), county: t('防震减灾中心', 'Earthquake Prevention Centre'), zone: 'invest', m: 15,
		services: [['建设工程抗震设防要求确定', 'Determination of seismic fortification requirements', 'app design']]
	},

	// ---- business registration
	{
		id: 'amr', name: t('市场监督管理局', 'Market Regulation Administration'), zone: 'business', m: 20, kw: ['市场监管', '工商'],
		services: [
			['企业设立登记', 'Company registration', 'app lr articles premises', { q: 150, hot: true, kw: ['开公司', '注册公司', '营业执照'] }],
			['企业变更登记', 'Company change registration', 'app bl resolution', { hot: true }],
			['企业注销登记', 'Company deregistration', 'app bl liq resolution'],
			['企业简易注销登记', 'Simplified company deregistration', 'app bl', { m: 10 }],
			['个体工商户设立登记', 'Sole proprietorship registration', 'app id premises', { m: 10, id: true, hot: true, kw: ['个体户'] }],
			['个体工商户变更登记', 'Sole proprietorship change registration', 'app id bl', { m: 10, id: true, kw: ['个体户'] }],
			['个体工商户注销登记', 'Sole proprietorship deregistration', 'app id bl', { m: 10, id: true, kw: ['个体户'] }],
			['农民专业合作社设立登记', "Farmers' cooperative registration", 'app articles premises'],
			['营业执照补领、换发', 'Replacement of business licences', 'app bl', { m: 5 }],
			['企业备案（章程、董事、监事、经理）', 'Filing of articles, directors, supervisors and managers', 'app bl articles', { m: 10 }],
			['股权出质登记', 'Equity pledge registration', 'app contract bl'],
			['动产抵押登记', 'Chattel mortgage registration', 'app contract bl'],
			['食品经营许可证核发', 'Food business licence', 'app bl floor health', { hot: true }],
			['食品生产许可证核发', 'Food production licence', 'app bl floor equipment'],
			['药品零售企业许可', 'Retail pharmacy licence', 'app bl staffq floor'],
			['医疗器械经营许可', 'Medical device business licence', 'app bl staffq'],
			['特种设备使用登记', 'Special equipment registration', 'app equipment bl'],
			['特种设备作业人员资格认定', 'Certification of special equipment operators', 'app id photo', { id: true }],
			['商标注册申请受理', 'Trademark application acceptance', 'app bl', { kw: ['商标'] }]
		]
	},
	{
		id: 'commerce', name: t('商务局', 'Commerce Bureau'), county: t('商务和经济信息化局', 'Commerce, Economy and Information Technology Bureau'), zone: 'business', m: 15,
		services: [
			['对外贸易经营者备案登记', 'Foreign trade operator filing', 'app bl', { m: 10 }],
			['外商投资企业设立及变更备案', 'Foreign-invested enterprise filing', 'app bl articles'],
			['单用途商业预付卡备案', 'Single-purpose prepaid card filing', 'app bl prepaid'],
			['报废机动车回收企业资质认定', 'End-of-life vehicle recycling qualification', 'app bl equipment'],
			['成品油零售经营资格审批', 'Refined-oil retail licence', 'app bl safety']
		]
	},
	{
		id: 'culture', name: t('文化广电旅游局', 'Culture, Radio, Television and Tourism Bureau'), zone: 'business', m: 15, kw: ['文旅'],
		services: [
			['娱乐场所经营许可', 'Entertainment venue licence', 'app bl floor fire'],
			['互联网上网服务营业场所经营许可', 'Internet café licence', 'app bl floor fire', { kw: ['网吧'] }],
			['营业性演出许可', 'Commercial performance licence', 'app contract'],
			['旅行社设立许可', 'Travel agency licence', 'app bl staffq'],
			['出版物零售业务许可', 'Publication retail licence', 'app bl'],
			['印刷经营许可', 'Printing business licence', 'app bl equipment'],
			['广播电视节目制作经营许可', 'Radio and television programme production licence', 'app bl staffq'],
			['卫星电视广播地面接收设施安装许可', 'Satellite television receiving equipment permit', 'app equipment'],
			['文物保护单位建设控制地带内建设工程设计方案审核', 'Design approval within protected cultural-relic zones', 'app design', { m: 25 }]
		]
	},
	{
		id: 'health', name: t('卫生健康委员会', 'Health Commission'), county: t('卫生健康局', 'Health Bureau'), zone: 'business', m: 15, kw: ['卫健'],
		services: [
			['公共场所卫生许可', 'Public venue hygiene licence', 'app bl floor health', { hot: true }],
			['医疗机构设置审批', 'Approval of medical institutions', 'app feas floor', { h: 'am', m: 25 }],
			['医疗机构执业登记', 'Practising registration of medical institutions', 'app staffq floor equipment'],
			['医师执业注册', 'Physician practising registration', 'app id staffq photo', { id: true, m: 10 }],
			['护士执业注册', 'Nurse practising registration', 'app id staffq photo', { id: true, m: 10 }],
			['饮用水供水单位卫生许可', 'Hygiene licence for drinking-water suppliers', 'app bl monitoring'],
			['放射诊疗许可', 'Licence for radiological diagnosis and treatment', 'app equipment staffq'],
			['母婴保健技术服务执业许可', 'Licence for maternal and infant health services', 'app staffq'],
			['生育登记', 'Childbirth registration', 'id hk marriage', { zone: 'social', id: true, m: 10 }],
			['出生医学证明补发', 'Reissue of medical birth certificates', 'app id hk', { zone: 'social', id: true, m: 10 }]
		]
	},
	{
		id: 'agri', name: t('农业农村局', 'Agriculture and Rural Affairs Bureau'), zone: 'business', m: 15, kw: ['农业'],
		services: [
			['农药经营许可', 'Pesticide business licence', 'app bl staffq floor'],
			['兽药经营许可证核发', 'Veterinary drug business licence', 'app bl staffq'],
			['种子生产经营许可证核发', 'Seed production and business licence', 'app bl equipment'],
			['动物防疫条件合格证核发', 'Animal epidemic-prevention certificate', 'app floor'],
			['拖拉机和联合收割机登记', 'Tractor and combine-harvester registration', 'app id invoice', { id: true, m: 10 }],
			['渔业捕捞许可', 'Fishing licence', 'app id', { id: true, m: 10 }],
			['水产苗种生产许可', 'Aquatic fry production licence', 'app bl floor'],
			['生鲜乳收购站许可', 'Raw milk purchasing station licence', 'app bl equipment']
		]
	},
	{
		id: 'edu', name: t('教育局', 'Education Bureau'), zone: 'business', m: 15, kw: ['教育'],
		services: [
			['教师资格认定', 'Teacher qualification certification', 'app id diploma mandarin', { id: true, m: 10, hot: true }],
			['民办学校办学许可', 'Private school licence', 'app school premises', { m: 25 }],
			['校外培训机构设立审批', 'Approval of off-campus tutoring institutions', 'app school premises'],
			['中小学转学手续办理', 'School transfer for primary and secondary pupils', 'app hk transfer', { id: true, m: 10 }],
			['学历证明书补办', 'Reissue of education certificates', 'app id photo', { id: true, m: 10 }]
		]
	},
	{
		id: 'tobacco', name: t('烟草专卖局', 'Tobacco Monopoly Administration'), zone: 'business', m: 10, kw: ['烟草证'],
		services: [
			['烟草专卖零售许可证新办', 'New tobacco retail licence', 'app id bl premises', { id: true }],
			['烟草专卖零售许可证延续、变更', 'Renewal or change of tobacco retail licence', 'app id oldlic', { id: true }]
		]
	},
	{
		id: 'industry', name: t('工业和信息化局', 'Industry and Information Technology Bureau'), zone: 'business', m: 15, kw: ['工信'],
		services: [
			['企业技术改造项目备案', 'Filing of technical renovation projects', 'app bl report'],
			['民用爆炸物品销售许可', 'Civil explosives sales licence', 'app bl safety'],
			['中小企业公共服务咨询', 'SME public-service consultation', 'bl', { m: 10 }]
		]
	},
	{
		id: 'statistics', name: t('统计局', 'Statistics Bureau'), zone: 'business', m: 15,
		services: [['部门统计调查项目审批', 'Approval of departmental statistical surveys', 'app']]
	},
	{
		id: 'sports', name: t('体育局', 'Sports Bureau'), zone: 'business', m: 15,
		services: [
			['高危险性体育项目经营许可', 'High-risk sports business licence', 'app bl staffq safety'],
			['体育类社会组织登记审查', 'Review of sports social organisations', 'app org']
		]
	},

	// ---- real estate
	{
		id: 'rer', name: t('不动产登记中心', 'Real Estate Registration Center'), zone: 'estate', m: 20, ident: true, kw: ['不动产', '房产证'],
		services: [
			['不动产转移登记', 'Real-estate transfer registration', 'app id title sale', { q: 150, hot: true, kw: ['过户', '二手房'] }],
			['不动产首次登记', 'First real-estate registration', 'app id survey landcert'],
			['不动产抵押权登记', 'Mortgage registration', 'app id title mortgage', { q: 120, hot: true, kw: ['抵押'] }],
			['抵押权注销登记', 'Mortgage release registration', 'app id title', { m: 10, kw: ['解押'] }],
			['不动产变更登记', 'Real-estate change registration', 'app id title'],
			['不动产注销登记', 'Real-estate cancellation registration', 'app id title'],
			['预告登记', 'Advance notice registration', 'app id sale'],
			['继承、受遗赠转移登记', 'Transfer registration by inheritance or bequest', 'app id title inherit', { m: 30 }],
			['不动产权证书补换发', 'Replacement of real-estate title certificates', 'app id', { m: 10 }],
			['不动产登记资料查询', 'Real-estate register inquiry', 'id', { m: 5, w: 15, kw: ['查档'] }],
			['更正登记', 'Correction registration', 'app id title'],
			['异议登记', 'Objection registration', 'app id'],
			['查封登记', 'Seizure registration', 'court', { id: false, m: 10 }],
			['居住权登记', 'Right of habitation registration', 'app id title contract']
		]
	},
	{
		id: 'housing', name: t('房屋交易管理中心', 'Housing Transaction Management Center'), zone: 'estate', m: 15, kw: ['房管'],
		services: [
			['商品房买卖合同网签备案', 'Online signing and filing of new-home sale contracts', 'sale id', { id: true, q: 80, hot: true, kw: ['网签'] }],
			['存量房买卖合同网签备案', 'Online signing and filing of second-hand home contracts', 'sale id title', { id: true, kw: ['网签', '二手房'] }],
			['住房情况查询', 'Housing ownership inquiry', 'id', { id: true, m: 5, w: 15, kw: ['房产查询'] }],
			['房屋租赁登记备案', 'Residential lease registration', 'lease id title', { id: true, m: 10 }],
			['商品房预售许可', 'Pre-sale permit for new housing', 'app bl plan cprmit', { m: 25 }],
			['商品房预售资金监管', 'Supervision of pre-sale funds', 'app contract bl']
		]
	},

	// ---- taxation
	{
		id: 'tax', name: t('税务局', 'Taxation Bureau'), zone: 'tax', m: 12, kw: ['税务', '纳税'],
		services: [
			['新办纳税人套餐式服务', 'Package service for new taxpayers', 'bl lr taxreg', { m: 20, hot: true }],
			['发票领用', 'Invoice collection', 'bl', { m: 8, hot: true, kw: ['领发票'] }],
			['发票代开', 'Invoice issuance on behalf of taxpayers', 'id contract', { m: 8, kw: ['代开发票'] }],
			['增值税一般纳税人登记', 'General VAT taxpayer registration', 'app bl'],
			['增值税申报', 'VAT filing', 'taxform bl', { m: 10 }],
			['企业所得税汇算清缴', 'Corporate income tax annual settlement', 'taxform books', { m: 20 }],
			['个人所得税综合所得汇算', 'Individual income tax annual reconciliation', 'id', { id: true, h: 'sat', m: 10, kw: ['个税'] }],
			['契税申报', 'Deed tax filing', 'id sale', { id: true, m: 10 }],
			['存量房交易税费申报', 'Taxes on second-hand home transactions', 'id sale title', { id: true, m: 15 }],
			['车辆购置税申报', 'Vehicle purchase tax filing', 'id invoice', { id: true, m: 8 }],
			['社会保险费缴纳', 'Payment of social insurance contributions', 'bl', { m: 8 }],
			['城乡居民医疗保险费缴纳', 'Payment of resident medical insurance contributions', 'id', { id: true, m: 5, kw: ['医保缴费'] }],
			['清税注销', 'Tax clearance for deregistration', 'app bl', { m: 15 }],
			['纳税证明开具', 'Tax payment certificate', 'bl', { m: 5 }]
		]
	},

	// ---- social affairs
	{
		id: 'civil', name: t('民政局', 'Civil Affairs Bureau'), zone: 'social', m: 15, ident: true, kw: ['民政'],
		services: [
			['结婚登记', 'Marriage registration', 'id hk photo single', { q: 80, hot: true, kw: ['领证'] }],
			['离婚登记', 'Divorce registration', 'id hk marriage divorce', { q: 30, m: 30 }],
			['补领婚姻登记证', 'Reissue of marriage certificates', 'id hk photo'],
			['最低生活保障申请', 'Minimum living allowance application', 'app id hk income', { kw: ['低保'] }],
			['特困人员救助供养申请', 'Support for persons in extreme poverty', 'app id hk income'],
			['临时救助申请', 'Temporary assistance application', 'app id hardship'],
			['高龄津贴申领', 'Old-age allowance application', 'id hk bank', { m: 10 }],
			['社会团体成立登记', 'Registration of social organisations', 'app org premises', { id: false }],
			['民办非企业单位成立登记', 'Registration of private non-enterprise units', 'app org premises', { id: false }],
			['养老机构备案', 'Filing of elderly care institutions', 'app bl floor', { id: false }]
		]
	},
	{
		id: 'veterans', name: t('退役军人事务局', 'Veterans Affairs Bureau'), zone: 'social', m: 15, ident: true, kw: ['退役军人'],
		services: [
			['退役士兵安置', 'Resettlement of discharged soldiers', 'app id discharge hk'],
			['优抚对象抚恤补助申领', 'Pensions and subsidies for entitled groups', 'app id bank'],
			['退役军人优待证申领', 'Veteran preferential card application', 'app id discharge photo', { m: 10, kw: ['优待证'] }],
			['伤残抚恤关系转移', 'Transfer of disability pension records', 'app id']
		]
	},
	{
		id: 'disabled', name: t('残疾人联合会', "Disabled Persons' Federation"), zone: 'social', m: 15, ident: true, kw: ['残联'],
		services: [
			['残疾人证新办', 'New disability certificate', 'app id photo hospital', { h: 'am' }],
			['残疾人证换领、补办', 'Renewal or replacement of disability certificates', 'id disability photo', { m: 10 }],
			['困难残疾人生活补贴和重度残疾人护理补贴申请', 'Living and nursing subsidies for people with disabilities', 'app id disability bank']
		]
	},
	{
		id: 'justice', name: t('司法局', 'Justice Bureau'), zone: 'social', m: 20, kw: ['司法'],
		services: [
			['法律援助申请', 'Legal aid application', 'app id hardship dispute', { id: true }],
			['人民调解申请', "People's mediation", 'app id dispute', { id: true }],
			['律师执业许可', 'Lawyer practising licence', 'app id lawyer', { id: true }],
			['基层法律服务工作者执业核准', 'Licensing of grassroots legal service workers', 'app id diploma', { id: true }]
		]
	},
	{
		id: 'ethnic', name: t('民族宗教事务局', 'Ethnic and Religious Affairs Bureau'), zone: 'social', m: 20,
		services: [['宗教活动场所登记', 'Registration of religious venues', 'app org premises']]
	},
	{
		id: 'housingsec', name: t('住房保障服务中心', 'Housing Security Service Center'), zone: 'social', m: 15, ident: true, kw: ['住房保障'],
		services: [
			['公共租赁住房申请', 'Public rental housing application', 'app id hk income', { kw: ['公租房'] }],
			['住房租赁补贴申请', 'Housing rental subsidy application', 'app id lease income'],
			['保障性住房资格复核', 'Review of affordable housing eligibility', 'id income', { m: 10 }]
		]
	},

	// ---- public security
	{
		id: 'psb', name: t('公安局', 'Public Security Bureau'), zone: 'police', m: 10, ident: true, kw: ['公安'],
		services: [
			['居民身份证换领', 'Resident ID card renewal', 'id hk', { h: 'sat', hot: true, kw: ['身份证', '换证'] }],
			['居民身份证补领', 'Resident ID card replacement', 'hk', { h: 'sat', kw: ['身份证', '丢失'] }],
			['居民身份证首次申领', 'First resident ID card', 'hk birthcert', { kw: ['身份证'] }],
			['临时居民身份证办理', 'Temporary resident ID card', 'hk', { m: 5, w: 15 }],
			['户口迁移', 'Household registration transfer', 'app id hk residence', { m: 15, kw: ['户口', '迁户'] }],
			['出生登记', 'Birth registration (hukou)', 'birthcert hk marriage', { kw: ['上户口', '新生儿'] }],
			['死亡户口注销', 'Household deregistration after death', 'death hk', { m: 8 }],
			['户籍证明开具', 'Household registration certificate', 'id hk', { m: 5, w: 15 }],
			['居住证办理', 'Residence permit', 'app id residence photo', { m: 8 }],
			['无犯罪记录证明', 'Certificate of no criminal record', 'app id', { m: 8, kw: ['无犯罪证明'] }],
			['普通护照办理', 'Ordinary passport', 'app id photo', { p: 'F', q: 150, h: 'sat', hot: true, kw: ['护照', '出国'] }],
			['往来港澳通行证及签注', 'Exit-entry permit for Hong Kong and Macao, and endorsements', 'app id photo', { p: 'F', q: 150, h: 'sat', hot: true, kw: ['港澳通行证', '签注'] }],
			['往来台湾通行证及签注', 'Travel permit to Taiwan, and endorsements', 'app id photo', { p: 'F', kw: ['台湾通行证'] }],
			['外国人签证证件办理', 'Visas and residence permits for foreigners', 'visa residence photo', { p: 'F', id: false, m: 20 }],
			['出入境记录查询', 'Exit-entry record inquiry', 'id', { p: 'F', m: 5, h: 'am' }]
		]
	},
	{
		id: 'traffic', name: t('公安局交通警察支队', 'Traffic Police Detachment'), county: t('公安局交通警察大队', 'Traffic Police Brigade'), zone: 'police', prefix: 'G', m: 12, ident: true, kw: ['交警', '车管'],
		services: [
			['机动车驾驶证换证', 'Driving licence renewal', 'id driving medical photo', { m: 8, hot: true, kw: ['驾照'] }],
			['机动车注册登记', 'Vehicle registration', 'id invoice insurance', { q: 100, kw: ['上牌'] }],
			['机动车转移登记', 'Vehicle transfer registration', 'id vehicle vlicence', { kw: ['过户'] }],
			['机动车驾驶证补证', 'Driving licence replacement', 'id photo', { m: 8, kw: ['驾照'] }],
			['机动车检验合格标志核发', 'Vehicle inspection mark', 'vlicence insurance', { m: 5, id: false, kw: ['年检'] }],
			['交通违法处理', 'Traffic violation handling', 'id driving', { m: 8, kw: ['罚单', '违章'] }]
		]
	},

	// ---- human resources, social security, medical insurance
	{
		id: 'hrss', name: t('人力资源和社会保障局', 'Human Resources and Social Security Bureau'), zone: 'hr', m: 12, ident: true, kw: ['人社', '社保'],
		services: [
			['社会保障卡申领', 'Social security card application', 'id photo', { h: 'sat', m: 8, hot: true, kw: ['社保卡'] }],
			['社会保障卡挂失补换', 'Social security card replacement', 'id', { m: 8, kw: ['社保卡'] }],
			['城乡居民养老保险参保登记', 'Urban-rural resident pension enrolment', 'app id hk', { m: 10 }],
			['养老保险待遇申领', 'Pension claim', 'app id bank', { m: 20, kw: ['退休'] }],
			['企业职工参保登记', 'Employee social insurance enrolment', 'app bl labour', { id: false }],
			['养老保险关系转移接续', 'Pension transfer', 'app id', { m: 15 }],
			['个人权益记录查询打印', 'Printout of personal social insurance records', 'id', { m: 5, w: 15, kw: ['社保证明', '参保证明'] }],
			['失业保险金申领', 'Unemployment benefit claim', 'app id unemploy bank', { m: 15 }],
			['就业创业证申领', 'Employment and entrepreneurship certificate', 'app id photo', { m: 10 }],
			['工伤认定申请', 'Work injury determination', 'app id labour injury', { h: 'am', m: 30, q: 40 }],
			['劳动能力鉴定申请', 'Work capacity assessment', 'app id diag', { h: 'am', m: 20 }],
			['创业担保贷款申请', 'Entrepreneurship guaranteed loan', 'app id bizplan bl', { m: 30 }],
			['劳动人事争议仲裁申请', 'Labour dispute arbitration', 'arbitration id labour', { m: 30 }],
			['人力资源服务许可', 'Human resources services licence', 'app bl staffq', { id: false, m: 20 }]
		]
	},
	{
		id: 'hsa', name: t('医疗保障局', 'Healthcare Security Administration'), zone: 'hr', prefix: 'K', m: 12, ident: true, kw: ['医保'],
		services: [
			['异地就医备案', 'Registration for medical treatment elsewhere', 'id referral', { m: 8, hot: true }],
			['医疗费用零星报销', 'Reimbursement of medical expenses', 'id bills diag bank', { m: 20, kw: ['报销'] }],
			['医保参保登记', 'Medical insurance enrolment', 'app id hk', { m: 10 }],
			['医保关系转移接续', 'Medical insurance transfer', 'app id'],
			['门诊慢特病待遇认定', 'Eligibility for chronic and special disease outpatient care', 'app id diag', { m: 15, kw: ['慢特病', '慢性病'] }],
			['生育保险待遇申领', 'Maternity insurance benefit', 'id birthcert bills', { m: 15 }],
			['医保定点医药机构申请', 'Application to become a designated medical institution', 'app bl staffq', { id: false, m: 20 }]
		]
	},

	// ---- housing provident fund
	{
		id: 'hpf', name: t('住房公积金管理中心', 'Housing Provident Fund Management Center'), county: t('住房公积金管理部', 'Housing Provident Fund Office'), zone: 'fund', m: 12, ident: true, kw: ['公积金'],
		services: [
			['住房公积金提取（购房）', 'Provident fund withdrawal for home purchase', 'id buy hpfcard', { q: 120, hot: true, kw: ['取公积金'] }],
			['住房公积金提取（租房）', 'Provident fund withdrawal for rent', 'id lease hpfcard', { m: 8, kw: ['取公积金'] }],
			['住房公积金提取（离退休）', 'Provident fund withdrawal on retirement', 'id retire hpfcard', { m: 10 }],
			['住房公积金个人住房贷款申请', 'Provident fund housing loan', 'app id buy income', { q: 60, m: 35, kw: ['公积金贷款'] }],
			['住房公积金贷款提前还款', 'Early repayment of provident fund loans', 'id loan', { m: 10 }],
			['住房公积金转移接续', 'Provident fund transfer', 'app id', { m: 10 }],
			['住房公积金缴存证明开具', 'Provident fund deposit certificate', 'id', { m: 5, w: 15 }],
			['单位住房公积金缴存登记', 'Employer provident fund registration', 'unitreg bl', { id: false, m: 15 }],
			['单位缴存基数调整', 'Adjustment of employer deposit base', 'app bl', { id: false, m: 10 }]
		]
	},

	// ---- public resources trading
	{
		id: 'trade', name: t('公共资源交易中心', 'Public Resources Trading Center'), zone: 'trade', m: 20, kw: ['招投标'],
		services: [
			['工程建设项目招标登记', 'Construction tender registration', 'tender approval'],
			['政府采购项目进场登记', 'Government procurement registration', 'tender'],
			['投标保证金退还', 'Refund of bid bonds', 'bond bl', { h: 'am', m: 10 }],
			['市场主体信息库入库登记', 'Bidder information registration', 'bl qual'],
			['CA数字证书办理', 'Digital certificate (CA) issuance', 'ca bl', { m: 10, kw: ['CA', '数字证书', 'ukey'] }],
			['开标评标场地预约', 'Booking of bid opening rooms', 'tender', { h: 'am', m: 10 }]
		]
	},
	{
		id: 'finance', name: t('财政局', 'Finance Bureau'), zone: 'trade', m: 20,
		services: [
			['代理记账机构审批', 'Approval of bookkeeping agencies', 'app bl staffq'],
			['政府采购投诉处理', 'Government procurement complaints', 'app dispute']
		]
	},

	// ---- intermediaries and utilities
	{
		id: 'power', name: t('供电公司', 'Power Supply Company'), zone: 'utility', m: 15, kw: ['电力', '用电'],
		services: [
			['低压用电报装', 'Low-voltage power connection', 'app id address', { hot: true, kw: ['报装', '水电气'] }],
			['高压用电报装', 'High-voltage power connection', 'app bl address load', { m: 25, kw: ['报装', '水电气'] }],
			['用电变更（过户、增容）', 'Electricity account change (transfer, capacity)', 'app id address']
		]
	},
	{
		id: 'watersupply', name: t('自来水公司', 'Water Supply Company'), zone: 'utility', m: 15, kw: ['供水', '用水'],
		services: [
			['用水报装', 'Water connection', 'app id address', { kw: ['报装', '水电气'] }],
			['水费缴纳及过户', 'Water bill payment and account transfer', 'bill id', { m: 8 }]
		]
	},
	{
		id: 'gas', name: t('燃气公司', 'Gas Company'), zone: 'utility', m: 15, kw: ['天然气', '煤气'],
		services: [
			['燃气报装', 'Gas connection', 'app id address', { kw: ['报装', '水电气'] }],
			['燃气过户及缴费', 'Gas account transfer and payment', 'bill id', { m: 8 }]
		]
	},
	{
		id: 'telecom', name: t('电信公司', 'Telecom Company'), zone: 'utility', m: 12, kw: ['通信', '宽带'],
		services: [
			['宽带及固定电话报装', 'Broadband and landline installation', 'id address'],
			['通信费缴纳', 'Telecom bill payment', 'bill', { m: 5 }]
		]
	},
	{
		id: 'notary', name: t('公证处', 'Notary Office'), zone: 'utility', prefix: 'V', m: 25, ident: true, kw: ['公证'],
		services: [
			['继承公证', 'Inheritance notarisation', 'id hk death kinship', { m: 40 }],
			['委托公证', 'Power-of-attorney notarisation', 'id notarise', { m: 20 }],
			['涉外学历、亲属关系公证', 'Notarisation for use abroad (education, kinship)', 'id notarise kinship']
		]
	},
	{
		id: 'survey', name: t('测绘院', 'Surveying and Mapping Institute'), zone: 'utility', prefix: 'V', m: 15, kw: ['测绘'],
		services: [
			['房产测绘', 'Property surveying', 'app title parcel'],
			['建设工程规划放线及竣工测量', 'Setting-out and as-built surveys', 'app plan']
		]
	},
	{
		id: 'bank', name: t('合作银行服务点', 'Partner Bank Service Point'), zone: 'utility', prefix: 'V', m: 10, kw: ['银行', '缴费'],
		services: [
			['行政事业性收费及非税收入缴纳', 'Payment of administrative fees and non-tax revenue', 'payslip', { m: 5, hot: true, kw: ['一站式收费'] }],
			['企业银行开户预约', 'Corporate bank account opening', 'bl lr', { m: 20 }]
		]
	}
];

/** Units the county hall has besides those of the city catalog (49 in all). */
const COUNTY_EXTRA_DEPARTMENTS: DeptSpec[] = [
	{
		id: 'forestry', name: t('林业局', 'Forestry Bureau'), zone: 'invest', m: 15, kw: ['林业'],
		services: [
			['林木采伐许可证核发', 'Tree felling permit', 'app id landcert', { id: true }],
			['使用林地审核', 'Approval of the use of forest land', 'app approval redline']
		]
	},
	{
		id: 'rural', name: t('乡村振兴局', 'Rural Revitalisation Bureau'), zone: 'social', m: 15, ident: true,
		services: [
			['防止返贫监测帮扶申请', 'Application for poverty-relapse monitoring and assistance', 'app id poverty'],
			['雨露计划职业教育补助申请', '"Rain and Dew" vocational education subsidy', 'app id hk bank'],
			['脱贫人口小额信贷申请', 'Microcredit for people lifted out of poverty', 'app id bizplan']
		]
	},
	{
		id: 'coop', name: t('供销合作社', 'Supply and Marketing Cooperative'), zone: 'business', m: 10,
		services: [
			['农资供应与惠农服务咨询', 'Farm supplies and rural services consultation', 'id', { id: true }],
			['农村电商服务站加盟登记', 'Registration of rural e-commerce service points', 'app id', { id: true, kw: ['电商'] }]
		]
	},
	{
		id: 'post', name: t('邮政公司', 'Postal Service'), zone: 'utility', m: 8, kw: ['邮寄', '快递'],
		services: [
			['证照免费寄递', 'Free mail delivery of licences and certificates', 'id', { id: true, kw: ['寄证'] }],
			['惠农补贴代发查询', 'Inquiry into farm subsidy payouts', 'id bank', { id: true }]
		]
	}
];

// ---------------------------------------------------------------------------------------------------------
// Pinyin initials, for the kiosk's search by initials (K1). A fixed table (not computed at run time, so the
// output does not depend on the runtime's ICU data); the script stops if a service name has a character
// missing here. Polyphonic characters carry the reading they have in these service names (银行 → yh).

const PINYIN_INITIALS: Record<string, string> = Object.fromEntries(
	`
a:安案澳
b:般版办帮包保报爆备变标表兵病拨播补捕不步部
c:裁采参餐残草册测策层查拆产场超车成承城程持出初除处创次从村存
d:打大代带待贷单担道得地登低抵递第点电调定董动督毒度对
e:二额
f:发伐法返犯范方防房放非废费分份封扶服辐抚府付复
g:改溉概港高告割格个耕更工公供共构购股固故挂关管灌广规国过
h:还合和河核洪互户护花化划话环换回汇会绘惠婚活或
j:圾机积基及急疾集籍计记技继寄价驾监检简见件建健鉴交缴教接节结解金津进经境究救就居具聚掘军竣加
k:卡开砍抗可空控口库宽款况矿困
l:垃拉来捞劳老乐雷类离理力历立联辆量疗料林临赁零龄领流留录路露旅律绿络
m:买卖慢贸门免面苗民明母木目盟
n:纳难内能年农
p:排培批票贫品评普
q:企起气汽契器迁签前亲清情请求球取全权确群
r:燃让人认容乳入
s:三伤商上设社射涉申身审升生失师施时识实食使驶士市式事视室收手首受兽售书输属术树数刷水税死诉算所
t:台套特提体条贴通同统投突图途土团退托拖脱
w:挖外湾亡网往危围违维委卫位文污屋无务物
x:息系下鲜险线限乡响项象消销小校械新信星行型性休修许恤续选学询训
y:压押烟延研演验养药要业一医移遗议异役易疫益意姻银饮印应婴营影用优由油有娱渔与雨育预遇员援源约运
z:造增赠炸宅占站章账障招照者诊镇震争整正证政知织执值职止址志制质置中种仲众重竹主住助注筑专转装准咨资子字自宗综租组最罪作
`
		.trim()
		.split('\n')
		.flatMap((line) => {
			const [letter, chars] = line.split(':') as [string, string];
			return [...chars].map((ch) => [ch, letter]);
		})
);

/** Words whose polyphonic characters read differently from PINYIN_INITIALS: 银行 yínháng, 调整 tiáozhěng, 调解 tiáojiě. */
const POLYPHONE_WORDS: Record<string, string> = { 银行: 'yh', 调整: 'tz', 调解: 'tj' };

function pinyinInitials(name: string): string {
	let out = '';
	let i = 0;
	const chars = [...name];
	while (i < chars.length) {
		const word = Object.keys(POLYPHONE_WORDS).find((w) => chars.slice(i, i + w.length).join('') === w);
		if (word) {
			out += POLYPHONE_WORDS[word];
			i += word.length;
			continue;
		}
		const ch = chars[i++] as string;
		if (/[A-Za-z0-9]/.test(ch)) out += ch.toLowerCase();
		else if (/[\u4e00-\u9fff]/.test(ch)) {
			const letter = PINYIN_INITIALS[ch];
			if (!letter) throw new Error(`pinyin initial of "${ch}" (in "${name}") missing from PINYIN_INITIALS`);
			out += letter;
		}
		// punctuation: skipped
	}
	return out;
}

// ---------------------------------------------------------------------------------------------------------
// Helpers

/** Deterministic salt: the first 16 bytes of sha256("hallq-demo:<hall>:<staff id>"). */
function demoSalt(hall: string, staffId: string): Buffer {
	return createHash('sha256').update(`hallq-demo:${hall}:${staffId}`).digest().subarray(0, 16);
}

function docs(keys: string): Text[] {
	return keys
		.split(' ')
		.filter(Boolean)
		.map((k) => {
			const d = DOC[k];
			if (!d) throw new Error(`unknown document key "${k}"`);
			return t(d[0], d[1]);
		});
}

function pad(n: number, width: number): string {
	return String(n).padStart(width, '0');
}

function uniq<T>(xs: T[]): T[] {
	return [...new Set(xs)];
}

interface BuiltService extends ServiceConfig {
	/** Not written out: high demand, weight 3 at its counters. */
	hot: boolean;
}

function buildServices(depts: DeptSpec[], pick: (dept: DeptSpec) => ServiceSpec[]): BuiltService[] {
	const out: BuiltService[] = [];
	for (const d of depts) {
		const zone = ZONES.find((z) => z.id === d.zone);
		if (!zone) throw new Error(`department ${d.id}: unknown zone ${d.zone}`);
		const all = d.services;
		for (const spec of pick(d)) {
			const [zh, en, docKeys, o = {}] = spec;
			const index = all.indexOf(spec);
			const serviceZone = ZONES.find((z) => z.id === (o.zone ?? d.zone));
			if (!serviceZone) throw new Error(`service ${zh}: unknown zone`);
			const prefix = o.p ?? (o.zone ? serviceZone.prefix : (d.prefix ?? zone.prefix));
			const documents = docs(docKeys);
			if (documents.length < 1 || documents.length > 4) throw new Error(`service ${zh}: ${documents.length} documents`);
			const avg = o.m ?? d.m;
			const wait = o.w ?? serviceZone.wait;
			if (avg < 5 || avg > 40) throw new Error(`service ${zh}: avgHandleMinutes ${avg}`);
			if (wait < 15 || wait > 30) throw new Error(`service ${zh}: targetWaitMinutes ${wait}`);
			const requiresIdentity = o.id ?? d.ident ?? false;
			const service: BuiltService = {
				code: `${d.id}-${pad(index + 1, 2)}`,
				name: t(zh, en),
				zone: serviceZone.id,
				department: d.id,
				prefix,
				dailyQuota: o.q ?? null,
				hours: o.h ? SERVICE_HOURS[o.h] : [],
				avgHandleMinutes: avg,
				targetWaitMinutes: wait,
				documents,
				hot: o.hot ?? false
			};
			if (requiresIdentity) service.requiresIdentity = true;
			service.keywords = uniq([pinyinInitials(zh), ...(o.kw ?? []), ...(d.kw ?? [])]);
			out.push(service);
		}
	}
	return out;
}

function stripHot({ hot, ...rest }: BuiltService): ServiceConfig {
	void hot;
	return rest;
}

/**
 * Counters of one zone: the zone's services (in catalog order, so mostly one department per counter) are cut
 * into as many consecutive chunks as there are counters. A counter serves its own chunk (weight 2, or 3 for
 * high-demand services) and, as back-up, the next chunk (weight 1), at most `max` services in all.
 */
function zoneCounters(
	zone: ZoneSpec,
	services: BuiltService[],
	count: number,
	firstNumber: number,
	idWidth: number,
	max = 12
): CounterConfig[] {
	const n = services.length;
	if (n < 2) throw new Error(`zone ${zone.id}: needs at least 2 services`);
	const chunks: BuiltService[][] = [];
	for (let i = 0; i < count; i++) {
		if (n >= count) chunks.push(services.slice(Math.floor((i * n) / count), Math.floor(((i + 1) * n) / count)));
		else chunks.push([services[i % n] as BuiltService]);
	}
	return chunks.map((own, i) => {
		const next = chunks[(i + 1) % count] ?? [];
		const list: CounterConfig['services'] = own.map((s) => ({ service: s.code, weight: s.hot ? 3 : 2 }));
		for (const s of next) {
			if (list.length >= max) break;
			if (!list.some((x) => x.service === s.code)) list.push({ service: s.code, weight: 1 });
		}
		const number = firstNumber + i;
		return counter(number, idWidth, zone.id, list);
	});
}

function strategyFor(number: number): CallingStrategy {
	if (number % 10 === 4) return 'longestWait';
	if (number % 10 === 7) return 'strict';
	return 'weightedWait';
}

function counter(number: number, idWidth: number, zone: string, services: CounterConfig['services'], name?: Text): CounterConfig {
	return {
		id: `C${pad(number, idWidth)}`,
		number,
		name: name ?? t(`${number}号窗口`, `Counter ${number}`),
		zone,
		services,
		strategy: strategyFor(number),
		maxPriorityInRow: number % 2 === 1 ? 3 : 2,
		maxRecalls: 3
	};
}

// ---------------------------------------------------------------------------------------------------------
// Fictitious staff names: surname + a two-character given name from lists chosen to avoid well-known people;
// a deny list catches combinations that name public figures anyway.

const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦傅方白邹熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'];
const DOUBLE_SURNAMES = ['欧阳', '司马', '上官', '诸葛'];
const GIVEN_FIRST = [...'晓思雨嘉俊文梓诗浩欣书可佳逸秋春远博'];
const GIVEN_SECOND = [...'涵航琳轩岚瑶辰悦舟川萱楠禾岩朗怡'];
const FAMOUS = new Set(['孟浩然', '周雨彤', '张子萱', '刘诗诗', '王俊凯', '张嘉倪', '李思思', '佳琪', '林书豪', '唐嘉怡', '周思萱']);

function personName(k: number): string {
	// k is 0-based and different for every person of the three halls.
	for (let bump = 0; ; bump++) {
		const j = k + bump * 9973;
		const surname = j % 37 === 11 ? (DOUBLE_SURNAMES[j % DOUBLE_SURNAMES.length] as string) : (SURNAMES[(j * 37) % SURNAMES.length] as string);
		const given = `${GIVEN_FIRST[(j * 7 + Math.floor(j / 11)) % GIVEN_FIRST.length]}${GIVEN_SECOND[(j * 5 + Math.floor(j / 13)) % GIVEN_SECOND.length]}`;
		const name = surname + given;
		if (!FAMOUS.has(name)) return name;
	}
}

interface StaffPlan {
	hall: string;
	/** Id prefix of counter staff: "s" → s001. */
	idPrefix: string;
	staff: number;
	supervisors: number;
	admins: number;
	/** Supervisors whose reports cover this hall and the halls below it (center01 …): central staff. */
	central: number;
	/** Offset into the name generator, so the halls do not share people. */
	nameOffset: number;
}

function makeStaff(plan: StaffPlan, counters: CounterConfig[], zones: string[]): StaffConfig[] {
	const out: StaffConfig[] = [];
	const usedNames = new Set<string>();
	let nameIndex = plan.nameOffset;
	const nextName = () => {
		for (;;) {
			const name = personName(nameIndex++);
			if (!usedNames.has(name)) {
				usedNames.add(name);
				return name;
			}
		}
	};
	const person = (id: string, role: StaffConfig['role'], allowed: string[]): StaffConfig => ({
		id,
		name: nextName(),
		role,
		counters: allowed,
		passwordHash: hashPassword(DEMO_PASSWORD, demoSalt(plan.hall, id))
	});
	const sameZone = (a: CounterConfig, b: CounterConfig | undefined) => b !== undefined && a.zone === b.zone;
	for (let k = 1; k <= plan.staff; k++) {
		const p = (k - 1) % counters.length;
		const home = counters[p] as CounterConfig;
		const allowed = [home.id];
		// second counter: the next one in the same zone, else the previous one
		const second = sameZone(home, counters[p + 1]) ? counters[p + 1] : counters[p - 1];
		if (second && second.zone === home.zone) allowed.push(second.id);
		if (k % 3 === 0) {
			const third = [counters[p + 2], counters[p - 1], counters[p - 2]].find(
				(c) => c !== undefined && c.zone === home.zone && !allowed.includes(c.id)
			);
			if (third) allowed.push(third.id);
		}
		out.push(person(`${plan.idPrefix}${pad(k, 3)}`, 'staff', allowed));
	}
	for (let k = 1; k <= plan.supervisors; k++) {
		// sup01 is the floor supervisor (no counter); the others may sit at any counter of one zone.
		const zone = zones[(k - 2 + zones.length) % zones.length];
		const allowed = k === 1 ? [] : counters.filter((c) => c.zone === zone).map((c) => c.id);
		out.push(person(`sup${pad(k, 2)}`, 'supervisor', allowed));
	}
	for (let k = 1; k <= plan.admins; k++) out.push(person(k === 1 ? 'admin' : `admin${pad(k, 2)}`, 'admin', []));
	for (let k = 1; k <= plan.central; k++) out.push({ ...person(`center${pad(k, 2)}`, 'supervisor', []), scope: 'network' });
	return out;
}

function device(
	hall: string,
	id: string,
	kind: DeviceConfig['kind'],
	name: Text,
	extra: Pick<DeviceConfig, 'board' | 'zone' | 'counter'> = {},
	token = demoDeviceToken(hall, { id, kind })
): DeviceConfig {
	return { id, kind, name, tokenHash: hashDeviceToken(token), ...extra };
}

interface DevicePlan {
	hall: string;
	kiosks: number;
	counterBoards: number;
	zones: ZoneConfig[];
	counters: CounterConfig[];
	evaluators: boolean;
}

function makeDevices(plan: DevicePlan): DeviceConfig[] {
	const out: DeviceConfig[] = [];
	for (let k = 1; k <= plan.kiosks; k++) out.push(device(plan.hall, `K${pad(k, 2)}`, 'kiosk', t(`${k}号自助取号机`, `Kiosk ${k}`)));
	out.push(device(plan.hall, 'hall', 'display', t('大厅综合屏', 'Hall board'), { board: 'hall' }));
	for (const z of plan.zones)
		out.push(device(plan.hall, `zone-${z.id}`, 'display', t(`${z.name.zh}叫号屏`, `${z.name.en} board`), { board: 'zone', zone: z.id }));
	for (const c of plan.counters.slice(0, plan.counterBoards))
		out.push(device(plan.hall, `counter-${c.id}`, 'display', t(`${c.name.zh}显示屏`, `${c.name.en} board`), { board: 'counter', counter: c.id }));
	if (plan.evaluators)
		for (const c of plan.counters)
			out.push(device(plan.hall, `eval-${c.id}`, 'evaluator', t(`${c.name.zh}评价器`, `${c.name.en} evaluator`), { counter: c.id }));
	// The back office's wall screen: the live monitor, watch only (/monitor?token=demo-<hall>-wall).
	out.push(device(plan.hall, 'wall', 'monitor', t('值班室监控大屏', 'Back-office monitor')));
	return out;
}

/**
 * Evaluation terminals and the follow-up of bad ratings: 60 s to rate, 10 minutes after finish, 15
 * working days per case. The 2026 public holidays on weekdays and the weekend days worked in exchange
 * (调休上班), as the State Council's holiday notice for 2026 sets them; a hall updates them each year.
 */
const EVALUATION: HallConfig['evaluation'] = {
	promptSeconds: 60,
	windowMinutes: 10,
	followUpWorkingDays: 15,
	holidays: ['2026-01-01', '2026-01-02', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-23', '2026-04-06', '2026-05-01', '2026-05-04', '2026-05-05', '2026-06-19', '2026-09-25', '2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07'],
	workdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']
};

const NOTICES: Text[] = [
	t(
		'请携带本人有效身份证件办理业务；老年人、残疾人、孕妇和军人请走绿色通道。',
		'Please bring your valid ID. Elderly, disabled and pregnant visitors and military personnel may use the green channel.'
	),
	t(
		'工作时间：周一至周五 8:30–12:00、13:30–17:30；部分业务周六上午办理。',
		'Opening hours: Monday to Friday 8:30–12:00 and 13:30–17:30; some services on Saturday mornings.'
	),
	t('办事不满意？请在窗口评价器上评价，或拨打 12345 热线。', 'Not satisfied? Rate us at the counter or call the 12345 hotline.')
];

function zonesFor(where: 'city' | 'county'): ZoneConfig[] {
	return ZONES.map((z) => ({ id: z.id, name: z.name, location: z[where], icon: z.icon }));
}

function departmentsOf(depts: DeptSpec[], where: 'city' | 'county'): DepartmentConfig[] {
	return depts.map((d) => ({ id: d.id, name: where === 'county' && d.county ? d.county : d.name }));
}

function countersFor(services: BuiltService[], perZone: number[], idWidth: number): CounterConfig[] {
	if (perZone.length !== ZONES.length) throw new Error('one counter count per zone');
	const counters: CounterConfig[] = [];
	ZONES.forEach((z, i) => {
		const list = services.filter((s) => s.zone === z.id);
		counters.push(...zoneCounters(z, list, perZone[i] ?? 0, counters.length + 1, idWidth));
	});
	return counters;
}

// ---------------------------------------------------------------------------------------------------------
// The halls

export function cityHall(): HallConfig {
	const services = buildServices(CITY_DEPARTMENTS, (d) => d.services);
	// Counters per zone, in ZONES order: 60 over the 9 zones, more where the queues are (real estate, police,
	// tax, social insurance) than where the services are many but rare (investment approvals), and the
	// report's 10 counters for intermediaries and utilities.
	const counters = countersFor(services, [9, 10, 8, 5, 8, 7, 7, 4, 2, 10], 2);
	const zones = zonesFor('city');
	return {
		id: 'city',
		name: t('市政务服务中心', 'City Government Service Center'),
		level: 'city',
		timeZone: 'Asia/Shanghai',
		hours: HALL_HOURS,
		zones,
		departments: departmentsOf(CITY_DEPARTMENTS, 'city'),
		services: services.map(stripHot),
		counters,
		staff: makeStaff({ hall: 'city', idPrefix: 's', staff: 138, supervisors: 10, admins: 2, central: 1, nameOffset: 0 }, counters, zones.map((z) => z.id)),
		devices: makeDevices({ hall: 'city', kiosks: 6, counterBoards: 6, zones, counters, evaluators: true }),
		notices: NOTICES,
		evaluation: EVALUATION
	};
}

/**
 * The township's offices and the county services they accept (service codes as in the county hall); the
 * agricultural office's services are the township's own.
 */
const TOWNSHIP_OFFICES: { id: string; name: Text; prefix: string; zone: string; codes: string[] }[] = [
	{
		id: 'hrss', name: t('人力资源和社会保障服务站', 'Human Resources and Social Security Station'), prefix: 'A', zone: 'general',
		codes: ['hrss-01', 'hrss-02', 'hrss-03', 'hrss-04', 'hrss-07', 'hrss-09']
	},
	{ id: 'hsa', name: t('医疗保障服务站', 'Medical Insurance Station'), prefix: 'A', zone: 'general', codes: ['hsa-01', 'hsa-02', 'hsa-03', 'hsa-05', 'tax-12'] },
	{
		id: 'civil', name: t('民政办', 'Civil Affairs Office'), prefix: 'B', zone: 'general',
		codes: ['civil-04', 'civil-05', 'civil-06', 'civil-07', 'disabled-03', 'health-09']
	},
	{ id: 'veterans', name: t('退役军人服务站', 'Veterans Service Station'), prefix: 'B', zone: 'general', codes: ['veterans-02', 'veterans-03'] },
	{ id: 'psb', name: t('派出所', 'Police Station'), prefix: 'C', zone: 'general', codes: ['psb-01', 'psb-02', 'psb-05', 'psb-06', 'psb-07', 'psb-08'] },
	{ id: 'agri', name: t('农业综合服务中心', 'Agricultural Service Center'), prefix: 'D', zone: 'agri', codes: [] }
];

const TOWNSHIP_CODES = new Set(TOWNSHIP_OFFICES.flatMap((o) => o.codes));

/**
 * Share of each city department's services the county hall offers, rounded up (the most common come
 * first), plus those it pushes down to the township.
 */
const COUNTY_SHARE = 0.4;

export function countyHall(): HallConfig {
	const depts = [...CITY_DEPARTMENTS, ...COUNTY_EXTRA_DEPARTMENTS];
	const services = buildServices(depts, (d) =>
		COUNTY_EXTRA_DEPARTMENTS.includes(d)
			? d.services
			: d.services.filter((_, i) => i < Math.ceil(d.services.length * COUNTY_SHARE) || TOWNSHIP_CODES.has(`${d.id}-${pad(i + 1, 2)}`))
	);
	const counters = countersFor(services, [6, 7, 7, 6, 8, 6, 8, 4, 2, 6], 2);
	const zones = zonesFor('county');
	return {
		id: 'county',
		name: t('县政务服务中心', 'County Government Service Center'),
		level: 'county',
		parent: 'city',
		timeZone: 'Asia/Shanghai',
		hours: HALL_HOURS,
		zones,
		departments: departmentsOf(depts, 'county'),
		services: services.map(stripHot),
		counters,
		staff: makeStaff({ hall: 'county', idPrefix: 'c', staff: 80, supervisors: 6, admins: 2, central: 1, nameOffset: 400 }, counters, zones.map((z) => z.id)),
		devices: makeDevices({ hall: 'county', kiosks: 4, counterBoards: 4, zones, counters, evaluators: true }),
		notices: NOTICES.slice(0, 2),
		evaluation: EVALUATION
	};
}

/**
 * The township center: services pushed down from the county ("let data travel, not people"). Services keep
 * their county codes so statistics line up across levels; the department is the township office that
 * handles them.
 */
export function township(county: HallConfig = countyHall()): HallConfig {
	const byCode = new Map(county.services.map((s) => [s.code, s]));
	const services: ServiceConfig[] = [];
	for (const o of TOWNSHIP_OFFICES) {
		for (const code of o.codes) {
			const s = byCode.get(code);
			if (!s) throw new Error(`township: no service ${code}`);
			services.push({ ...s, zone: o.zone, department: o.id, prefix: o.prefix, hours: [] });
		}
	}
	const agri: ServiceSpec[] = [
		['耕地地力保护补贴申领', 'Cropland fertility protection subsidy', 'id farmland bank', { kw: ['种粮补贴', '惠农补贴'] }],
		['农机购置补贴申请', 'Farm machinery purchase subsidy', 'app id machine bank', { kw: ['惠农补贴'] }],
		['农村宅基地和建房（规划许可）审批', 'Rural homestead and house-building approval', 'app id hk homestead', { m: 20 }],
		['土地承包经营权流转备案', 'Filing of land contract transfers', 'id farmland contract'],
		['政策性农业保险投保', 'Policy-based agricultural insurance', 'id farmland bank', { m: 10 }]
	];
	const agriDept: DeptSpec = { id: 'agri', name: t('农业综合服务中心', 'Agricultural Service Center'), zone: 'social', m: 15, ident: true, services: agri };
	for (const s of buildServices([agriDept], (d) => d.services))
		services.push({ ...stripHot(s), code: s.code.replace('agri-', 'agri-t'), zone: 'agri', prefix: 'D', targetWaitMinutes: 20 });

	const group = (...depts: string[]) =>
		services.filter((s) => depts.includes(s.department)).map((s) => ({ service: s.code, weight: 2 }));
	const counters: CounterConfig[] = [
		counter(1, 2, 'general', services.map((s) => ({ service: s.code, weight: 1 })), t('综合窗口', 'Comprehensive counter')),
		counter(2, 2, 'general', group('hrss', 'hsa'), t('社保医保窗口', 'Social & medical insurance counter')),
		counter(3, 2, 'general', group('civil', 'veterans'), t('民政窗口', 'Civil affairs counter')),
		counter(4, 2, 'general', group('psb'), t('户籍窗口', 'Household registration counter')),
		counter(5, 2, 'agri', group('agri'), t('农业服务窗口', 'Agricultural services counter'))
	];
	counters[0] = { ...(counters[0] as CounterConfig), strategy: 'longestWait' };
	const zones: ZoneConfig[] = [
		{ id: 'general', name: t('综合便民服务区', 'General Services'), location: t('一楼大厅', '1F Hall'), icon: 'users' },
		{ id: 'agri', name: t('农业农村服务区', 'Agriculture & Rural Affairs'), location: t('一楼东侧', '1F East'), icon: 'sprout' }
	];
	const hall: HallConfig = {
		id: 'township',
		name: t('镇便民服务中心', 'Township Convenience Service Center'),
		level: 'township',
		parent: 'county',
		timeZone: 'Asia/Shanghai',
		hours: HALL_HOURS,
		zones,
		departments: TOWNSHIP_OFFICES.map((o) => ({ id: o.id, name: o.name })),
		services,
		counters,
		staff: [],
		devices: makeDevices({ hall: 'township', kiosks: 2, counterBoards: 0, zones, counters, evaluators: true }),
		notices: [
			t('县级下放事项在本中心即可受理，办理结果可免费寄递。', 'County services are accepted here; results can be mailed to you free of charge.'),
			NOTICES[0] as Text
		],
		evaluation: EVALUATION
	};
	// t001 C01+C02, t002 C02+C03, …; t006 stays at the comprehensive counter.
	const staffCounters = [['C01', 'C02'], ['C02', 'C03'], ['C03', 'C04'], ['C04', 'C01'], ['C05', 'C01'], ['C01']];
	let nameIndex = 700;
	const salt = (id: string) => demoSalt('township', id);
	const people: StaffConfig[] = staffCounters.map((cs, i) => ({
		id: `t${pad(i + 1, 3)}`,
		name: personName(nameIndex++),
		role: 'staff',
		counters: cs,
		passwordHash: hashPassword(DEMO_PASSWORD, salt(`t${pad(i + 1, 3)}`))
	}));
	people.push({ id: 'sup01', name: personName(nameIndex++), role: 'supervisor', counters: counters.map((c) => c.id), passwordHash: hashPassword(DEMO_PASSWORD, salt('sup01')) });
	people.push({ id: 'admin', name: personName(nameIndex++), role: 'admin', counters: [], passwordHash: hashPassword(DEMO_PASSWORD, salt('admin')) });
	hall.staff = people;
	return hall;
}

/**
 * The tiny hall for tests: open every day around the clock, two zones, four services, three counters,
 * three people, a kiosk ("test-kiosk"), a hall board ("test-board") and an evaluator ("test-eval").
 */
export function tinyHall(): HallConfig {
	const svc = (code: string, zh: string, en: string, zone: string, prefix: string, extra: Partial<ServiceConfig> = {}): ServiceConfig => ({
		code,
		name: t(zh, en),
		zone,
		department: zone === 'biz' ? 'amr' : 'social',
		prefix,
		dailyQuota: null,
		hours: [],
		avgHandleMinutes: 10,
		targetWaitMinutes: 20,
		documents: [t('居民身份证原件', 'Original resident ID card')],
		keywords: [pinyinInitials(zh)],
		...extra
	});
	const base = (id: string, number: number, zone: string, strategy: CallingStrategy, services: CounterConfig['services']): CounterConfig => ({
		id,
		number,
		name: t(`${number}号窗口`, `Counter ${number}`),
		zone,
		services,
		strategy,
		maxPriorityInRow: 2,
		maxRecalls: 3
	});
	const pw = (id: string) => hashPassword(DEMO_PASSWORD, demoSalt('tiny', id));
	return {
		id: 'tiny',
		name: t('测试大厅', 'Test hall'),
		level: 'county',
		timeZone: 'Asia/Shanghai',
		hours: [{ from: '00:00', to: '24:00' }],
		zones: [
			{ id: 'biz', name: t('企业注册登记区', 'Business Registration'), location: t('一楼东区', '1F East'), icon: 'briefcase' },
			{ id: 'soc', name: t('社会事务区', 'Social Affairs'), location: t('一楼西区', '1F West'), icon: 'users' }
		],
		departments: [
			{ id: 'amr', name: t('市场监督管理局', 'Market Regulation Administration') },
			{ id: 'social', name: t('人力资源和社会保障局', 'Human Resources and Social Security Bureau') }
		],
		services: [
			svc('biz-reg', '企业设立登记', 'Company registration', 'biz', 'A', { avgHandleMinutes: 20, targetWaitMinutes: 30 }),
			svc('biz-chg', '企业变更登记', 'Company change registration', 'biz', 'A'),
			svc('soc-id', '社会保障卡申领', 'Social security card application', 'soc', 'B', { requiresIdentity: true, avgHandleMinutes: 5, targetWaitMinutes: 15 }),
			svc('soc-pen', '养老保险待遇申领', 'Pension claim', 'soc', 'C', { dailyQuota: 3, requiresIdentity: true })
		],
		counters: [
			base('C01', 1, 'biz', 'weightedWait', [
				{ service: 'biz-reg', weight: 2 },
				{ service: 'biz-chg', weight: 1 }
			]),
			base('C02', 2, 'biz', 'strict', [
				{ service: 'biz-chg', weight: 1 },
				{ service: 'biz-reg', weight: 1 }
			]),
			base('C03', 3, 'soc', 'longestWait', [
				{ service: 'soc-id', weight: 1 },
				{ service: 'soc-pen', weight: 1 }
			])
		],
		staff: [
			{ id: 's001', name: '林晓岚', role: 'staff', counters: ['C01', 'C02'], passwordHash: pw('s001') },
			{ id: 'sup01', name: '欧阳思远', role: 'supervisor', counters: ['C02', 'C03'], passwordHash: pw('sup01') },
			{ id: 'admin', name: '周文舟', role: 'admin', counters: [], passwordHash: pw('admin') }
		],
		devices: [
			{ id: 'K01', kind: 'kiosk', name: t('1号自助取号机', 'Kiosk 1'), tokenHash: hashDeviceToken('test-kiosk') },
			{ id: 'hall', kind: 'display', name: t('大厅综合屏', 'Hall board'), board: 'hall', tokenHash: hashDeviceToken('test-board') },
			{ id: 'eval-C01', kind: 'evaluator', name: t('1号窗口评价器', 'Counter 1 evaluator'), counter: 'C01', tokenHash: hashDeviceToken('test-eval') }
		],
		notices: [t('测试大厅，全天开放。', 'Test hall, open around the clock.')]
	};
}

// ---------------------------------------------------------------------------------------------------------
// Output

function write(relative: string, hall: HallConfig): void {
	const file = join(ROOT, relative);
	parseHallConfig(JSON.parse(JSON.stringify(hall)), relative);
	mkdirSync(dirname(file), { recursive: true });
	writeFileSync(file, hallFileText(hall));
	console.log(
		`wrote ${relative}: ${hall.zones.length} zones, ${hall.departments.length} departments, ${hall.services.length} services, ` +
			`${hall.counters.length} counters, ${hall.staff.length} staff, ${hall.devices.length} devices`
	);
}

function expect(what: string, actual: number, expected: number): void {
	if (actual !== expected) throw new Error(`${what}: ${actual}, expected ${expected}`);
}

function main(): void {
	const city = cityHall();
	expect('city zones', city.zones.length, 10);
	expect('city departments', city.departments.length, 45);
	expect('city services', city.services.length, 275);
	expect('city counters', city.counters.length, 70);
	expect('city utility counters', city.counters.filter((c) => c.zone === 'utility').length, 10);
	// The report's 150 hall staff, and one of the city's central office (center01).
	expect('city staff', city.staff.length, 151);
	for (const c of city.counters)
		if (c.services.length < 2 || c.services.length > 12) throw new Error(`${c.id} serves ${c.services.length} services`);
	const county = countyHall();
	expect('county departments', county.departments.length, 49);
	expect('county services', county.services.length, 150);
	expect('county staff', county.staff.length, 89);
	expect('county counters', county.counters.length, 60);
	const town = township(county);
	expect('township services', town.services.length, 30);
	expect('township counters', town.counters.length, 5);
	expect('township staff', town.staff.length, 8);
	write('config/city-hall.json', city);
	write('config/county-hall.json', county);
	write('config/township.json', town);
	write('tests/fixtures/halls/tiny.json', tinyHall());
}

// Run when executed, not when imported (the tests import tinyHall() to check the committed fixture).
const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(resolve(entry)).href) main();
