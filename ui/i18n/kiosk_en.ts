<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="zh_CN">
<context>
    <name>CatalogScreen</name>
    <message>
        <source>请选择要办理的事项，也可以在上方搜索框输入事项名称或拼音首字母。</source>
        <translation>Choose a service, or search for it in the box above.</translation>
    </message>
    <message>
        <source>‹ 返回</source>
        <translation>‹ Back</translation>
    </message>
    <message>
        <source>企业服务</source>
        <translation>Enterprise services</translation>
    </message>
    <message>
        <source>个人服务</source>
        <translation>Personal services</translation>
    </message>
    <message>
        <source>搜索事项，如：社保、公积金、无房证明</source>
        <translation>Search, e.g. social insurance, housing fund (pinyin initials work: sbzm)</translation>
    </message>
    <message>
        <source>没有找到相关事项，请换个关键词试试。</source>
        <translation>Nothing found. Please try another word.</translation>
    </message>
    <message>
        <source>承诺时限 即办</source>
        <translation>Done on the spot</translation>
    </message>
    <message>
        <source>承诺时限 %1 个工作日</source>
        <translation>Promised within %1 working days</translation>
    </message>
    <message>
        <source>秒批 · 可当场打印</source>
        <translation>Instant · print on the spot</translation>
    </message>
    <message>
        <source>秒批 · 手机下载</source>
        <translation>Instant · download by phone</translation>
    </message>
</context>
<context>
    <name>EnterpriseScreen</name>
    <message>
        <source>企业信息已确认。下面列出企业可能符合的惠企政策，可一键申报。</source>
        <translation>The enterprise is confirmed. Below are the support policies it may be eligible for; apply in one go.</translation>
    </message>
    <message>
        <source>请输入营业执照上的 18 位统一社会信用代码。</source>
        <translation>Please enter the 18-character unified social credit code on the business licence.</translation>
    </message>
    <message>
        <source>企业身份核验</source>
        <translation>Enterprise identification</translation>
    </message>
    <message>
        <source>正在办理：%1</source>
        <translation>Service: %1</translation>
    </message>
    <message>
        <source>统一社会信用代码（18 位，见营业执照）</source>
        <translation>Unified social credit code (18 characters, on the business licence)</translation>
    </message>
    <message>
        <source>核验企业</source>
        <translation>Check enterprise</translation>
    </message>
    <message>
        <source>须为企业的法定代表人或已授权的经办人。字母 I、O、Z、S、V 不会出现在代码中。</source>
        <translation>You must be the legal representative or an authorised agent. The letters I, O, Z, S, V never occur in a code.</translation>
    </message>
    <message>
        <source>企业</source>
        <translation>Enterprise</translation>
    </message>
    <message>
        <source>（待平台核验后显示）</source>
        <translation>(shown once the platform has confirmed it)</translation>
    </message>
    <message>
        <source>信用代码</source>
        <translation>Credit code</translation>
    </message>
    <message>
        <source>您的身份</source>
        <translation>You are</translation>
    </message>
    <message>
        <source>行业 / 规模</source>
        <translation>Industry / size</translation>
    </message>
    <message>
        <source>区域 / 成立</source>
        <translation>District / founded</translation>
    </message>
    <message>
        <source>政策通：您的企业可能符合以下惠企政策</source>
        <translation>Policy finder: support policies your enterprise may be eligible for</translation>
    </message>
    <message>
        <source>政策通：网络中断，以下政策的条件将由平台核实</source>
        <translation>Policy finder: offline — the platform will check these policies&apos; conditions</translation>
    </message>
    <message>
        <source>可享：%1</source>
        <translation>Benefit: %1</translation>
    </message>
    <message>
        <source>✓ 符合：%1</source>
        <translation>✓ Met: %1</translation>
    </message>
    <message>
        <source>？待核实：%1</source>
        <translation>? To be checked: %1</translation>
    </message>
    <message>
        <source>一键申报</source>
        <translation>Apply now</translation>
    </message>
    <message>
        <source>继续办理「%1」</source>
        <translation>Continue with “%1”</translation>
    </message>
</context>
<context>
    <name>FormScreen</name>
    <message>
        <source>请填写申请信息。已自动填写的内容无需修改，标红的内容请修改后再继续。</source>
        <translation>Please fill in the application. Fields filled for you need no change; correct any field marked in red.</translation>
    </message>
    <message>
        <source>填写申请信息</source>
        <translation>Fill in the application</translation>
    </message>
    <message>
        <source>带“来自身份证”标记的内容已自动填写，无需修改。</source>
        <translation>Fields marked “from ID card” are filled in for you.</translation>
    </message>
    <message>
        <source>来自身份证</source>
        <translation>from ID card</translation>
    </message>
    <message>
        <source>已自动带出</source>
        <translation>Filled in for you</translation>
    </message>
    <message>
        <source>暂缺「%1」，承诺 %2 个工作日内补交（容缺受理）</source>
        <translation>“%1” is missing: I will supply it within %2 working days</translation>
    </message>
    <message>
        <source>申请材料（放在高拍仪下拍摄）</source>
        <translation>Materials (photographed on the document camera)</translation>
    </message>
    <message>
        <source>✓ 已拍 %1 页</source>
        <translation>✓ %1 page(s) taken</translation>
    </message>
    <message>
        <source>暂缺（容缺受理）</source>
        <translation>Supplied later</translation>
    </message>
    <message>
        <source>未拍摄</source>
        <translation>Not yet photographed</translation>
    </message>
    <message>
        <source>继续拍摄</source>
        <translation>More pages</translation>
    </message>
    <message>
        <source>拍摄</source>
        <translation>Photograph</translation>
    </message>
    <message>
        <source>下一步：核对信息</source>
        <translation>Next: check</translation>
    </message>
    <message>
        <source>拍摄材料：%1</source>
        <translation>Photographing: %1</translation>
    </message>
    <message>
        <source>请把材料正面朝上平放在高拍仪下，四边都在画面内，然后点“拍照”。多页请逐页拍摄。</source>
        <translation>Lay the page face up under the document camera with all four edges in the picture, then tap “Take picture”. One page at a time.</translation>
    </message>
    <message>
        <source>已拍 %1 页</source>
        <translation>%1 page(s) taken</translation>
    </message>
    <message>
        <source>删除最后一页</source>
        <translation>Delete last page</translation>
    </message>
    <message>
        <source>正在处理…</source>
        <translation>Processing…</translation>
    </message>
    <message>
        <source>拍照</source>
        <translation>Take picture</translation>
    </message>
    <message>
        <source>完成</source>
        <translation>Done</translation>
    </message>
</context>
<context>
    <name>GuideScreen</name>
    <message>
        <source>这是办事指南，请了解办理条件和所需材料。确认后请点击开始办理。</source>
        <translation>This is the service guide with its conditions and materials. Touch Start when you are ready.</translation>
    </message>
    <message>
        <source>%1 · 事项编码 %2</source>
        <translation>%1 · item code %2</translation>
    </message>
    <message>
        <source>一件事：一次申请，同时办理以下 %1 个事项</source>
        <translation>One-stop: one application handles these %1 services at once</translation>
    </message>
    <message>
        <source>办理条件</source>
        <translation>Conditions</translation>
    </message>
    <message>
        <source>申请材料</source>
        <translation>Materials</translation>
    </message>
    <message>
        <source>原件</source>
        <translation>original</translation>
    </message>
    <message>
        <source>复印件</source>
        <translation>photocopy</translation>
    </message>
    <message>
        <source>电子</source>
        <translation>electronic</translation>
    </message>
    <message>
        <source>%1（%2 %3 份）</source>
        <translation>%1 (%2 × %3)</translation>
    </message>
    <message>
        <source>【可容缺，%1 个工作日内补交】</source>
        <translation> [may be supplied within %1 working days]</translation>
    </message>
    <message>
        <source>设定依据</source>
        <translation>Legal basis</translation>
    </message>
    <message>
        <source>办理时限</source>
        <translation>Time limits</translation>
    </message>
    <message>
        <source>法定时限：%1 个工作日</source>
        <translation>Legal limit: %1 working days</translation>
    </message>
    <message>
        <source>承诺时限：即办</source>
        <translation>Promised: on the spot</translation>
    </message>
    <message>
        <source>承诺时限：%1 个工作日</source>
        <translation>Promised: %1 working days</translation>
    </message>
    <message>
        <source>办理流程</source>
        <translation>Procedure</translation>
    </message>
    <message>
        <source>收费标准</source>
        <translation>Fees</translation>
    </message>
    <message>
        <source>身份核验</source>
        <translation>Identity check</translation>
    </message>
    <message>
        <source>刷身份证 + 人脸识别（实名 + 实人）</source>
        <translation>ID card + face check (real name + real person)</translation>
    </message>
    <message>
        <source>刷身份证（实名）</source>
        <translation>ID card (real name)</translation>
    </message>
    <message>
        <source>‹ 返回</source>
        <translation>‹ Back</translation>
    </message>
    <message>
        <source>正在打印…</source>
        <translation>Printing…</translation>
    </message>
    <message>
        <source>打印一次性告知单</source>
        <translation>Print the checklist</translation>
    </message>
    <message>
        <source>开始办理</source>
        <translation>Start</translation>
    </message>
</context>
<context>
    <name>HomeScreen</name>
    <message>
        <source>您好，欢迎使用政务服务自助终端。请点击屏幕选择要办理的业务。需要大字版，请点右上角的大字版按钮。</source>
        <translation>Welcome to the government services kiosk. Touch the screen to choose a service. For large text, touch the Large text button at the top right.</translation>
    </message>
    <message>
        <source>您好，请选择要办理的业务</source>
        <translation>Welcome. What would you like to do?</translation>
    </message>
    <message>
        <source>个人服务</source>
        <translation>Personal services</translation>
    </message>
    <message>
        <source>社保 · 公积金 · 不动产 · 税务 · 医保 · 证件</source>
        <translation>Social insurance · housing fund · property · tax · medical · permits</translation>
    </message>
    <message>
        <source>企业服务</source>
        <translation>Enterprise services</translation>
    </message>
    <message>
        <source>企业开办一件事 · 惠企政策（政策通）</source>
        <translation>Starting a business · Support policies (policy finder)</translation>
    </message>
    <message>
        <source>办件查询</source>
        <translation>Track an application</translation>
    </message>
    <message>
        <source>输入办件号查询办理进度</source>
        <translation>Enter the application number to see its progress</translation>
    </message>
    <message>
        <source>证明打印</source>
        <translation>Print a certificate</translation>
    </message>
    <message>
        <source>参保证明 · 缴存证明 · 无房证明 · 纳税记录</source>
        <translation>Insurance · housing fund · no-property · tax records</translation>
    </message>
</context>
<context>
    <name>IdentifyScreen</name>
    <message>
        <source>请将身份证放在读卡区，也可以插入社保卡或出示电子证照二维码。</source>
        <translation>Place your ID card on the reader, insert your social security card, or show your e-ID code.</translation>
    </message>
    <message>
        <source>请将身份证放在读卡区</source>
        <translation>Place your ID card on the reader</translation>
    </message>
    <message>
        <source>请输入您的姓名和身份证号码</source>
        <translation>Please enter your name and ID number</translation>
    </message>
    <message>
        <source>也可插入社保卡，或出示电子身份证 / 电子社保卡二维码</source>
        <translation>Or insert your social security card, or show an e-ID / e-SSC QR code</translation>
    </message>
    <message>
        <source>正在办理：%1</source>
        <translation>Service: %1</translation>
    </message>
    <message>
        <source>读卡区</source>
        <translation>Reader</translation>
    </message>
    <message>
        <source>居民身份证</source>
        <translation>ID card</translation>
    </message>
    <message>
        <source>放稳后请勿移动，读取约需 1 秒</source>
        <translation>Hold it still: reading takes about 1 second</translation>
    </message>
    <message>
        <source>读卡器暂不可用，请联系工作人员</source>
        <translation>The reader is not available; please ask staff</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>公民身份号码</source>
        <translation>ID number</translation>
    </message>
    <message>
        <source>手工输入后须进行人脸核验。</source>
        <translation>A typed identity is followed by a face check.</translation>
    </message>
    <message>
        <source>确定</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>‹ 改用证件</source>
        <translation>‹ Use a card instead</translation>
    </message>
    <message>
        <source>没有带证件？手工输入</source>
        <translation>No card with you? Type it in</translation>
    </message>
</context>
<context>
    <name>KeyPad</name>
    <message>
        <source>清除</source>
        <translation>Clear</translation>
    </message>
    <message>
        <source>⌫ 删除</source>
        <translation>⌫ Delete</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <source>政务服务自助终端</source>
        <translation>Government Services Self-Service Kiosk</translation>
    </message>
    <message>
        <source>请取走您的身份证和社保卡</source>
        <translation>Please take your ID card and your social security card</translation>
    </message>
    <message>
        <source>请取走您的社保卡</source>
        <translation>Please take your social security card</translation>
    </message>
    <message>
        <source>请取走您的身份证</source>
        <translation>Please take your ID card</translation>
    </message>
    <message>
        <source>您还需要更多时间吗？</source>
        <translation>Do you need more time?</translation>
    </message>
    <message>
        <source>%1 秒后将自动结束办理，并清除您在本机留下的全部信息。</source>
        <translation>In %1 seconds this session ends and everything you entered is cleared.</translation>
    </message>
    <message>
        <source>结束办理</source>
        <translation>Finish</translation>
    </message>
    <message>
        <source>需要更多时间</source>
        <translation>More time, please</translation>
    </message>
    <message>
        <source>您还需要更多时间吗？如需继续办理，请点击需要更多时间。</source>
        <translation>Do you need more time? Touch More time, please, to continue.</translation>
    </message>
</context>
<context>
    <name>MaintenanceScreen</name>
    <message>
        <source>%1 小时 %2 分</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>%1 分钟</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>A4打印机</source>
        <translation>A4 printer</translation>
    </message>
    <message>
        <source>凭条打印机</source>
        <translation>Receipt printer</translation>
    </message>
    <message>
        <source>身份证读卡器</source>
        <translation>ID card reader</translation>
    </message>
    <message>
        <source>社保卡读卡器</source>
        <translation>Social security card reader</translation>
    </message>
    <message>
        <source>扫码器</source>
        <translation>QR scanner</translation>
    </message>
    <message>
        <source>摄像头</source>
        <translation>Camera</translation>
    </message>
    <message>
        <source>高拍仪</source>
        <translation>Document camera</translation>
    </message>
    <message>
        <source>终端</source>
        <translation>Kiosk</translation>
    </message>
    <message>
        <source>网络</source>
        <translation>Network</translation>
    </message>
    <message>
        <source>待上传申请</source>
        <translation>Applications to send</translation>
    </message>
    <message>
        <source>终端时钟</source>
        <translation>Kiosk clock</translation>
    </message>
    <message>
        <source>纸将尽</source>
        <translation>paper low</translation>
    </message>
    <message>
        <source>缺纸</source>
        <translation>out of paper</translation>
    </message>
    <message>
        <source>卡纸</source>
        <translation>paper jam</translation>
    </message>
    <message>
        <source>无响应</source>
        <translation>not responding</translation>
    </message>
    <message>
        <source>故障</source>
        <translation>hardware fault</translation>
    </message>
    <message>
        <source>软件反复崩溃</source>
        <translation>software keeps crashing</translation>
    </message>
    <message>
        <source>显示故障</source>
        <translation>display failed</translation>
    </message>
    <message>
        <source>离线</source>
        <translation>offline</translation>
    </message>
    <message>
        <source>申请积压未上传</source>
        <translation>applications not sent for an hour</translation>
    </message>
    <message>
        <source>有申请需人工处理</source>
        <translation>applications parked for a technician</translation>
    </message>
    <message>
        <source>系统时间不准</source>
        <translation>wrong time (check NTP)</translation>
    </message>
    <message>
        <source>维护 · 待提交队列与设备状态</source>
        <translation>Maintenance · queue and devices</translation>
    </message>
    <message>
        <source>待提交</source>
        <translation>Queued</translation>
    </message>
    <message>
        <source>最久等待</source>
        <translation>Oldest</translation>
    </message>
    <message>
        <source>需处理（已挂起）</source>
        <translation>Parked</translation>
    </message>
    <message>
        <source>最近成功同步</source>
        <translation>Last good sync</translation>
    </message>
    <message>
        <source>从未</source>
        <translation>never</translation>
    </message>
    <message>
        <source>已挂起的项目（平台拒收，需人工处理；不会被自动删除）</source>
        <translation>Parked items (refused by the platform; kept until a technician acts)</translation>
    </message>
    <message>
        <source>无</source>
        <translation>None</translation>
    </message>
    <message>
        <source>运维工单（平台开出；设备恢复正常后自动关闭）</source>
        <translation>Work orders (opened by the platform; closed when the device reports ready)</translation>
    </message>
    <message>
        <source>：</source>
        <translation>: </translation>
    </message>
    <message>
        <source>  开单 %1  时限 %2</source>
        <translation>  opened %1  due %2</translation>
    </message>
    <message>
        <source>  已超时升级</source>
        <translation>  overdue, escalated</translation>
    </message>
    <message>
        <source> 正常</source>
        <translation> OK</translation>
    </message>
    <message>
        <source> 不可用</source>
        <translation> unavailable</translation>
    </message>
    <message>
        <source>退出维护</source>
        <translation>Leave maintenance</translation>
    </message>
    <message>
        <source>打印测试页</source>
        <translation>Test page</translation>
    </message>
    <message>
        <source>已补纸</source>
        <translation>Paper refilled</translation>
    </message>
    <message>
        <source>恢复服务</source>
        <translation>Return to service</translation>
    </message>
    <message>
        <source>暂停服务</source>
        <translation>Take out of service</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>正在同步…</source>
        <translation>Syncing…</translation>
    </message>
    <message>
        <source>立即同步</source>
        <translation>Sync now</translation>
    </message>
</context>
<context>
    <name>OutOfServiceScreen</name>
    <message>
        <source>本终端暂停服务，请前往服务大厅窗口办理。</source>
        <translation>This kiosk is out of service. Please go to a counter in the service hall.</translation>
    </message>
    <message>
        <source>本终端暂停服务</source>
        <translation>This kiosk is out of service</translation>
    </message>
    <message>
        <source>正在准备，请稍候</source>
        <translation>Getting ready, one moment</translation>
    </message>
    <message>
        <source>设备故障：%1。工作人员正在处理。</source>
        <translation>A device is out of order: %1. Staff have been told.</translation>
    </message>
    <message>
        <source>打印纸已用完或卡纸：%1。工作人员正在处理。</source>
        <translation>Paper is out or jammed: %1. Staff have been told.</translation>
    </message>
    <message>
        <source>暂时无法连接政务服务平台。</source>
        <translation>The service platform cannot be reached at the moment.</translation>
    </message>
    <message>
        <source>本终端服务时间为每天 %1。</source>
        <translation>This kiosk serves daily %1.</translation>
    </message>
    <message>
        <source>设备维护中，请稍候。</source>
        <translation>Under maintenance; please wait.</translation>
    </message>
    <message>
        <source>本终端已被平台停用，请联系工作人员。</source>
        <translation>The platform has disabled this kiosk; please ask staff.</translation>
    </message>
    <message>
        <source>正在连接政务服务平台，马上就好。</source>
        <translation>Connecting to the government service platform; nearly there.</translation>
    </message>
    <message>
        <source>本终端尚未配置，请技术人员配置后使用。</source>
        <translation>This kiosk is not set up yet. A technician must set it up before use.</translation>
    </message>
    <message>
        <source>您可以前往服务大厅窗口办理，或拨打 12345 政务服务便民热线咨询。</source>
        <translation>Please use a counter in the service hall, or call the 12345 hotline.</translation>
    </message>
</context>
<context>
    <name>ProgressScreen</name>
    <message>
        <source>请输入办件号查询办理进度，或将身份证放在读卡区查询您的全部办件。</source>
        <translation>Enter the application number, or place your ID card on the reader to see all your applications.</translation>
    </message>
    <message>
        <source>‹ 返回</source>
        <translation>‹ Back</translation>
    </message>
    <message>
        <source>办件查询</source>
        <translation>Track an application</translation>
    </message>
    <message>
        <source>请输入办件号，如 ZW20261121000001</source>
        <translation>Application number, e.g. ZW20261121000001</translation>
    </message>
    <message>
        <source>查询</source>
        <translation>Search</translation>
    </message>
    <message>
        <source>也可将身份证放在读卡区，查询您名下的全部办件。</source>
        <translation>Or place your ID card on the reader to see all your applications.</translation>
    </message>
    <message>
        <source>%1（%2）</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>当前状态：%1</source>
        <translation>Status: %1</translation>
    </message>
    <message>
        <source>属于一件事：%1</source>
        <translation>Part of one-stop application %1</translation>
    </message>
    <message>
        <source>各事项办理进度：</source>
        <translation>Progress of each service:</translation>
    </message>
    <message>
        <source>‹ 返回列表</source>
        <translation>‹ Back to the list</translation>
    </message>
</context>
<context>
    <name>RateScreen</name>
    <message>
        <source>请您对本次服务进行评价。评价完全自愿，也可以直接结束。</source>
        <translation>Please rate this service if you wish, or simply finish.</translation>
    </message>
    <message>
        <source>请您对本次服务进行评价</source>
        <translation>How was this service?</translation>
    </message>
    <message>
        <source>评价完全自愿，可直接跳过。</source>
        <translation>Rating is voluntary; you may skip it.</translation>
    </message>
    <message>
        <source>非常满意</source>
        <translation>Very satisfied</translation>
    </message>
    <message>
        <source>满意</source>
        <translation>Satisfied</translation>
    </message>
    <message>
        <source>基本满意</source>
        <translation>Fairly satisfied</translation>
    </message>
    <message>
        <source>不满意</source>
        <translation>Dissatisfied</translation>
    </message>
    <message>
        <source>非常不满意</source>
        <translation>Very dissatisfied</translation>
    </message>
    <message>
        <source>不评价，结束</source>
        <translation>Skip and finish</translation>
    </message>
</context>
<context>
    <name>ResultScreen</name>
    <message>
        <source>您的申请已保存，网络恢复后将自动提交。请记下本机受理编号。</source>
        <translation>Your application is saved and will be submitted when the network is back. Please note the local reference.</translation>
    </message>
    <message>
        <source>提交成功。请记下屏幕上的办件号。</source>
        <translation>Submitted. Please note the application number on the screen.</translation>
    </message>
    <message>
        <source>存</source>
        <translation>Saved</translation>
    </message>
    <message>
        <source>已保存，网络恢复后自动提交</source>
        <translation>Saved: it will be submitted when the network is back</translation>
    </message>
    <message>
        <source>办理成功，已办结</source>
        <translation>Done: approved</translation>
    </message>
    <message>
        <source>提交成功，已受理</source>
        <translation>Submitted: accepted</translation>
    </message>
    <message>
        <source>本机受理编号</source>
        <translation>Local reference</translation>
    </message>
    <message>
        <source>办件号</source>
        <translation>Application no.</translation>
    </message>
    <message>
        <source>事项</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>尚未提交：已加密保存在本机，待网络恢复后自动提交（不会重复提交）</source>
        <translation>Not yet submitted: stored encrypted on this kiosk and submitted once when the network is back</translation>
    </message>
    <message>
        <source>%1（已提交至政务服务平台）</source>
        <translation>%1 (submitted to the service platform)</translation>
    </message>
    <message>
        <source>办结日期</source>
        <translation>Completed on</translation>
    </message>
    <message>
        <source>承诺办结</source>
        <translation>Promised by</translation>
    </message>
    <message>
        <source>容缺受理：以下材料请在期限内补交</source>
        <translation>Accepted with materials missing (容缺): please bring them by the dates below</translation>
    </message>
    <message>
        <source>%1：请于 %2 前补交（%3 个工作日内）</source>
        <translation>%1: by %2 (within %3 working days)</translation>
    </message>
    <message>
        <source>一件事已拆分为 %1 个事项并联办理：</source>
        <translation>The one-stop application was split into %1 services handled in parallel:</translation>
    </message>
    <message>
        <source>%1&#x3000;办件号 %2&#x3000;承诺 %3</source>
        <translation>%1 · No. %2 · due %3</translation>
    </message>
    <message>
        <source>请记下本机受理编号。提交成功后，办件号将以短信发送到您的手机；如有疑问，可凭本机受理编号到窗口查询。</source>
        <translation>Please note the local reference. Once submitted, the application number is sent to your phone by SMS.</translation>
    </message>
    <message>
        <source>证明文件已生成。请记下办件号，可凭办件号在任意自助终端或“办件查询”中查询和打印。</source>
        <translation>The certificate is ready. With the application number you can print it at any kiosk.</translation>
    </message>
    <message>
        <source>请记下办件号，可在“办件查询”中随时查看办理进度；办结后将短信通知您。</source>
        <translation>Please note the application number to track progress; you will get an SMS when it is done.</translation>
    </message>
    <message>
        <source>不打印也可以：生成一个二维码，用您自己的手机扫码下载证明（PDF），10 分钟内有效。</source>
        <translation>No paper needed: make a code and scan it with your own phone to download the certificate (PDF); valid for 10 minutes.</translation>
    </message>
    <message>
        <source>手机下载证明</source>
        <translation>Download to phone</translation>
    </message>
    <message>
        <source>用手机扫码下载证明</source>
        <translation>Scan to download the certificate</translation>
    </message>
    <message>
        <source>请用您自己的手机扫码，%1 前有效，仅可下载几次。请勿让他人拍摄此二维码；关闭后二维码即消失。</source>
        <translation>Scan with your own phone; valid until %1 for a few downloads. Do not let others photograph this code; it disappears when you close this page.</translation>
    </message>
    <message>
        <source>已下载，关闭</source>
        <translation>Downloaded, close</translation>
    </message>
    <message>
        <source>完成，退出</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>打印证明</source>
        <translation>Print the certificate</translation>
    </message>
    <message>
        <source>正在打印…</source>
        <translation>Printing…</translation>
    </message>
    <message>
        <source>重新打印回执</source>
        <translation>Print the receipt again</translation>
    </message>
    <message>
        <source>打印回执</source>
        <translation>Print the receipt</translation>
    </message>
    <message>
        <source>评价本次服务</source>
        <translation>Rate this service</translation>
    </message>
</context>
<context>
    <name>ReviewScreen</name>
    <message>
        <source>请核对申请信息，确认无误后点击确认提交。</source>
        <translation>Please check your application, then touch Submit.</translation>
    </message>
    <message>
        <source>请核对申请信息</source>
        <translation>Please check your application</translation>
    </message>
    <message>
        <source>事项：%1</source>
        <translation>Service: %1</translation>
    </message>
    <message>
        <source>‹ 返回修改</source>
        <translation>‹ Back to edit</translation>
    </message>
    <message>
        <source>重新提交</source>
        <translation>Submit again</translation>
    </message>
    <message>
        <source>确认提交</source>
        <translation>Submit</translation>
    </message>
</context>
<context>
    <name>StatusBar</name>
    <message>
        <source>不可用</source>
        <translation> unavailable</translation>
    </message>
    <message>
        <source>● 事项目录已同步</source>
        <translation>● Catalogue up to date</translation>
    </message>
    <message>
        <source>… 正在获取事项目录</source>
        <translation>… Loading the catalogue</translation>
    </message>
    <message>
        <source>24小时自助服务 · 服务热线 12345</source>
        <translation>24-hour self-service · hotline 12345</translation>
    </message>
</context>
<context>
    <name>SubmittingScreen</name>
    <message>
        <source>正在提交，请稍候。</source>
        <translation>Submitting, please wait.</translation>
    </message>
    <message>
        <source>正在提交，请稍候…</source>
        <translation>Submitting, please wait…</translation>
    </message>
    <message>
        <source>请不要离开，也不要取走证件</source>
        <translation>Please stay, and leave your card where it is</translation>
    </message>
</context>
<context>
    <name>TechnicianLoginScreen</name>
    <message>
        <source>‹ 返回</source>
        <translation>‹ Back</translation>
    </message>
    <message>
        <source>技术人员维护</source>
        <translation>Technician maintenance</translation>
    </message>
    <message>
        <source>请输入维护 PIN</source>
        <translation>Maintenance PIN</translation>
    </message>
    <message>
        <source>确定</source>
        <translation>OK</translation>
    </message>
</context>
<context>
    <name>TopBar</name>
    <message>
        <source>政</source>
        <translation>政</translation>
    </message>
    <message>
        <source>政务服务自助终端</source>
        <translation>Government Services Self-Service Kiosk</translation>
    </message>
    <message>
        <source>标准版</source>
        <translation>Standard</translation>
    </message>
    <message>
        <source>大字版</source>
        <translation>Large text</translation>
    </message>
    <message>
        <source>结束办理</source>
        <translation>Finish</translation>
    </message>
</context>
<context>
    <name>VerifyScreen</name>
    <message>
        <source>该事项需要核验是否本人办理。请阅读说明，同意后开始刷脸。</source>
        <translation>This service checks that you are the card&apos;s holder. Please read this; the face check starts when you agree.</translation>
    </message>
    <message>
        <source>实人核验</source>
        <translation>Real-person check</translation>
    </message>
    <message>
        <source>人脸信息处理告知</source>
        <translation>How your face is processed</translation>
    </message>
    <message>
        <source>为确认是证件持有人本人办理，本机将通过摄像头采集您的人脸画面，按提示转头，并与证件芯片中的照片比对。</source>
        <translation>To confirm you are the card&apos;s holder, the camera takes pictures of your face while you turn your head as asked, and compares them with the photo on the card&apos;s chip.</translation>
    </message>
    <message>
        <source>人脸画面只在本机内存中处理，不保存、不上传；比对完成后立即删除，只记录核验结果。</source>
        <translation>The pictures stay in this kiosk&apos;s memory only: never stored, never sent; they are deleted as soon as the comparison is done. Only the result is recorded.</translation>
    </message>
    <message>
        <source>您可以不同意，改用其他方式核验身份，不影响办理。</source>
        <translation>You may say no and use another way to prove who you are; the service is the same.</translation>
    </message>
    <message>
        <source>请摘下帽子、口罩，正对屏幕上方的摄像头。画面中只能有您一人。</source>
        <translation>Take off a hat or mask and face the camera above the screen. Only you in the picture, please.</translation>
    </message>
    <message>
        <source>本次核验未通过，您还可以再试 %1 次，或改用其他方式。</source>
        <translation>This check did not pass. You can try %1 more time(s), or use another way.</translation>
    </message>
    <message>
        <source>正在发送验证码……</source>
        <translation>Sending the code…</translation>
    </message>
    <message>
        <source>确认</source>
        <translation>Confirm</translation>
    </message>
    <message>
        <source>结束办理</source>
        <translation>Finish</translation>
    </message>
    <message>
        <source>不刷脸，用其他方式</source>
        <translation>No face check: another way</translation>
    </message>
    <message>
        <source>‹ 其他方式</source>
        <translation>‹ Other ways</translation>
    </message>
    <message>
        <source>再试一次</source>
        <translation>Try again</translation>
    </message>
    <message>
        <source>同意并开始刷脸</source>
        <translation>I agree: start</translation>
    </message>
</context>
</TS>
