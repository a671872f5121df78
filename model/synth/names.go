package synth

// The fixed vocabulary of the generator: majors, sectors, place and job
// names. Names are in Chinese, as planners write them.

// majorNames are the group's majors, in ID order (M01, M02, ...).
var majorNames = [...]string{
	"农业技术",   // M01 agricultural technology
	"电子商务直播", // M02 e-commerce live streaming
	"汽车制造",   // M03 automotive manufacturing
	"电力系统",   // M04 power systems
	"乡村旅游",   // M05 rural tourism
	"物流管理",   // M06 logistics
	"民间工艺",   // M07 folk crafts
	"城乡规划",   // M08 urban-rural planning
	"机电一体化",  // M09 mechatronics
	"计算机应用",  // M10 computer applications
	"酒店管理",   // M11 hotel management
	"新能源汽车",  // M12 new-energy vehicles
}

const numMajors = len(majorNames)

// specialMajors are the majors of special-post students (indices into
// majorNames): agricultural technology, e-commerce live streaming, rural
// tourism, urban-rural planning.
var specialMajors = []int32{0, 1, 4, 7}

// sector is a kind of employer: which majors its positions accept and what
// the positions are called.
type sector struct {
	suffix string  // appended to the region name for local enterprises
	majors []int32 // indices into majorNames
	jobs   []string
}

const (
	secPlatform = iota
	secGrid
	secCar
	secIndustrial
	secAgri
	secTourism
	secLogistics
	secCounty
)

var sectors = [...]sector{
	secPlatform:   {"短视频平台", []int32{1, 6, 9}, []string{"直播运营", "内容剪辑", "电商客服"}},
	secGrid:       {"综合能源服务", []int32{3, 8, 11}, []string{"配电运维", "光伏运维", "充电桩运维"}},
	secCar:        {"汽车", []int32{2, 8, 11}, []string{"总装", "焊装", "质检", "电池装配"}},
	secIndustrial: {"工业园区", []int32{8, 9, 3, 2}, []string{"设备操作", "机电维修", "仓储管理"}},
	secAgri:       {"农业园区", []int32{0, 1, 5, 7}, []string{"农技员", "电商助农", "冷链分拣"}},
	secTourism:    {"旅游景区", []int32{4, 6, 10, 7}, []string{"导游讲解", "民宿管家", "非遗手作"}},
	secLogistics:  {"商贸物流园", []int32{5, 1, 9}, []string{"分拣", "物流调度", "跨境电商"}},
	secCounty:     {"基层服务岗位", specialMajors, []string{"乡镇农技站", "村务助理", "乡村振兴专干"}},
}

// national are the national enterprises of the brief, the first
// enterprises of every cohort. region is "oop" or "htz".
var national = [...]struct {
	name   string
	sector int
	oop    bool
}{
	{"短视频平台（北京）", secPlatform, true},
	{"国家电网综合能源服务公司", secGrid, false},
	{"汽车制造公司（上海）", secCar, true},
	{"汽车集团", secCar, false},
}

// localSectors are the sectors of local enterprises, taken in turn.
var localSectors = [...]int{secIndustrial, secAgri, secTourism, secLogistics}

var countyNames = [...]string{"东山县", "西河县", "南岭县", "北坪县", "清水县", "石桥县", "云台县", "柳林县"}

const (
	htzName = "高新区"
	oopName = "省外"
)
